"""The real `newsbot run` process against the local Bot API emulator."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.e2e.botapi import TOKEN, channel_origin, private_chat, user
from tests.e2e.conftest import ADMIN_ID, RunningBot, bot_environment, newsbot_command
from tests.e2e.emulator import Emulator
from tests.paths import SEED_EN

pytestmark = pytest.mark.e2e

SEED_TEXT = SEED_EN.read_text(encoding="utf-8")
QUESTION_EN = "when did Austin last talk to the Russian minister?"
QUESTION_UK = "Коли Остін востаннє розмовляв з російським міністром?"
ADMIN = user(ADMIN_ID, "en", "Admin")
READER = user(2002, "en", "Reader")
UK_READER = user(2003, "uk", "Читач")


def forward_seed(bot: RunningBot, post_id: int = 123, username: str = "unn_news") -> str:
    origin = channel_origin(username, post_id, 1720800000)
    return bot.reply_to(ADMIN, SEED_TEXT, forward_origin=origin).text


@pytest.fixture(scope="module")
def seeded(running_bot: RunningBot) -> RunningBot:
    reply = forward_seed(running_bot)
    assert "New article (English)" in reply and "Belousov" in reply
    return running_bot


def test_english_question_is_answered_with_date_people_and_link(seeded: RunningBot) -> None:
    text = seeded.reply_to(READER, QUESTION_EN).text
    assert "12 July 2024" in text and "Belousov" in text
    assert 'href="https://t.me/unn_news/123"' in text


def test_ukrainian_question_gets_a_ukrainian_answer(seeded: RunningBot) -> None:
    text = seeded.reply_to(UK_READER, QUESTION_UK).text
    assert "12 липня 2024" in text


def test_duplicate_forward_is_already_known(seeded: RunningBot) -> None:
    assert "Already known" in forward_seed(seeded)
    assert "Already known" in forward_seed(seeded, post_id=777, username="mirror")


def test_reindex_is_refused_to_non_admins(seeded: RunningBot) -> None:
    since = len(seeded.api.calls)
    assert "only the bot's administrators" in seeded.reply_to(READER, "/reindex").text
    assert not seeded.api.find(lambda c: c.method == "editMessageText", since=since)


def test_reindex_runs_while_questions_are_answered(seeded: RunningBot) -> None:
    chat = private_chat(ADMIN)
    since = seeded.send(seeded.api.update_for(seeded.api.message(chat, ADMIN, "/reindex")))
    seeded.send(seeded.api.update_for(seeded.api.message(chat, ADMIN, QUESTION_EN)))
    started = seeded.next_message(ADMIN_ID, since)
    assert "Rebuilding" in started.text
    answer = seeded.api.wait_for(lambda c: c.method == "sendMessage" and "12 July 2024" in c.text,
                                 since=since, timeout=60)
    assert answer.chat_id == ADMIN_ID
    done = seeded.api.wait_for(lambda c: c.method == "editMessageText" and "rebuilt" in c.text,
                               since=since, timeout=60)
    assert done.params["message_id"] == str(started.result["message_id"])


def test_stats_for_the_admin(seeded: RunningBot) -> None:
    text = seeded.reply_to(ADMIN, "/stats").text
    assert "<b>Articles</b>: 1" in text and "en 1" in text


def test_oversized_document_is_refused_without_download(seeded: RunningBot) -> None:
    document = {"file_id": seeded.api.add_file(b"x"), "file_unique_id": "big", "file_name": "big.txt",
                "file_size": 5_000_000}
    since = len(seeded.api.calls)
    assert "I accept files up to" in seeded.reply_to(ADMIN, None, document=document).text
    assert not seeded.api.find(lambda c: c.method == "getFile", since=since)


def test_a_document_is_downloaded_over_http(seeded: RunningBot) -> None:
    content = (b"Lloyd Austin met Rustem Umerov in Brussels on 14 June 2024 to discuss air defence.\n"
               b"The ministers spoke for an hour.")
    document = {"file_id": seeded.api.add_file(content), "file_unique_id": "small", "file_name": "note.txt",
                "file_size": len(content)}
    assert "New article (English)" in seeded.reply_to(ADMIN, None, document=document).text


def test_a_link_to_a_private_address_is_refused(seeded: RunningBot) -> None:
    assert "I could not read that link" in seeded.reply_to(ADMIN, "http://127.0.0.1/admin").text


def test_export_arrives_as_a_jsonl_document(seeded: RunningBot) -> None:
    since = seeded.send(seeded.api.update_for(seeded.api.message(private_chat(ADMIN), ADMIN, "/export")))
    call = seeded.api.wait_for(lambda c: c.method == "sendDocument", since=since, timeout=60)
    name, content = call.files["document"]
    assert name.endswith(".jsonl")
    assert any("Belousov" in json.loads(line)["text"] for line in content.decode("utf-8").splitlines())


def test_the_token_never_reaches_the_log(seeded: RunningBot) -> None:
    log = seeded.log_text()
    assert "getUpdates" in log or "telegram" in log  # DEBUG logging is on, so there is something to check
    assert TOKEN.split(":", 1)[1] not in log


def run_once(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(newsbot_command(), env=env, cwd=cwd, capture_output=True, text=True, timeout=60,
                          check=False)


@pytest.mark.parametrize("token", ["", "nonsense"])
def test_a_missing_or_malformed_token_exits_2_with_one_line(token: str, tmp_path: Path,
                                                             emulator: Emulator) -> None:
    result = run_once(bot_environment(emulator.url, tmp_path, token=token), tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_token_telegram_rejects_exits_2(tmp_path: Path, emulator: Emulator) -> None:
    rejected = "123456:" + "Z" * 35
    result = run_once(bot_environment(emulator.url, tmp_path, token=rejected, NEWSBOT_LOG_LEVEL="WARNING"),
                      tmp_path)
    assert result.returncode == 2
    assert "rejected the bot token" in result.stderr and "Traceback" not in result.stderr
    assert "Z" * 35 not in result.stderr + result.stdout
