"""Telegram update handlers, one module per concern."""
