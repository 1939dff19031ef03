"""The shipped Slack manifest asks for exactly the scopes and events the edge uses."""

from __future__ import annotations

from pathlib import Path

import yaml

MANIFEST = Path(__file__).resolve().parents[2] / "bot" / "slack_manifest.yml"


def test_manifest_scopes_and_events() -> None:
    """No scope more than needed, none missing; the events match the listeners."""
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert scopes == {
        "app_mentions:read",  # app_mention
        "chat:write",  # chat.postMessage, chat.postEphemeral
        "commands",  # /vanthu
        "files:read",  # url_private_download
        "files:write",  # files.getUploadURLExternal / completeUploadExternal (workbooks)
        "im:history",  # message.im
        "reactions:write",  # reactions.add / reactions.remove
    }
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im"}
    assert settings["interactivity"]["is_enabled"]
    assert manifest["features"]["slash_commands"][0]["command"] == "/vanthu"
