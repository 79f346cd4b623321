"""The people knowledge base: who holds which office when, and how texts name them."""

from index.kb.base import KnowledgeBase
from index.kb.types import MINISTER_OFFICES, OFFICES, Mention, Person, Role, RoleMention

__all__ = ["KnowledgeBase", "MINISTER_OFFICES", "Mention", "OFFICES", "Person", "Role", "RoleMention"]
