"""Prompt injection: text inside documents and forwarded files is data, never instructions.

Fifty hostile documents (tests/security/hostile.py) are ingested into one library with the real
embedder. Each is asked its own question through `handlers.router.route`, and the checks are:

* the reply quotes the document (its marker sentence) and every attack placed beside the marker
  is in the reply, so the hostile text really reached the output path;
* the Telegram HTML holds only the bot's own tags (<b>, <i>, <blockquote>), escaped text and no
  live @mention; the Slack rendering holds only literal `text` leaves and an escaped fallback;
* no command ran: the library, its collections and the digest subscriptions are unchanged (the
  asker is a digest manager with a subscription that "/digest unsubscribe" would remove), no
  digest was posted, and every reply has the shape of an answer, never a command's output;
* an LLM stand-in that obeys the injections (broadcasts, markup, commands, missing or invented
  citations) either has its answer rejected for the quotes, or has it shown defused, and the
  model's instructions are the same whatever the documents say;
* the same files forwarded in chat are only summarized (their text shown as data);
* five documents go end to end through the real Telegram and Slack edges, whose only calls
  are the answers to the asking chat and the working signals.

`test_summary` prints the figures; "effects" counts everything beyond being quoted as text.

What counts as an effect is `effects.py`; the library, the questions and what a run records
`runs.py`; the obeying model `obedient_model.py`; the runs themselves are the fixtures of
`conftest.py`, made once for the whole package. The tests are split by concern: route level
(`test_route.py`), the obeying model, forwarded files, the edges, and the summary.
"""
