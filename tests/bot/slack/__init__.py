"""The Slack edge end to end: signed HTTP requests into the real Bolt app, the Web API stand-in out.

Each test serves `web_app(settings, slack=SlackEdge(...))` on 127.0.0.1 with `slack_api_url`
pointing at `tests.bot.slack_api.SlackApi`, posts requests signed like Slack's, and checks what
the bot called on the Web API. Nothing of Bolt or slack_sdk is replaced.

The harness (a running bot, reading what it posted) is `harness.py`, its fixtures
`conftest.py`; the tests are split by concern: events and threads, files, signatures and
retries, slash commands and feedback, rendering.
"""
