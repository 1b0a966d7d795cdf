"""The official `openai` Python client against `preflexor serve` (run by scripts/check-openai-client).

Usage: python3 scripts/check_openai_client.py BASE_URL KEY QUESTION
Checks models.list, a plain completion (content, reasoning_content), a tagged one and a stream
(deltas join to the plain content, one finish_reason "stop"); exits non-zero on any mismatch.
"""
import sys

from openai import OpenAI

base, key, question = sys.argv[1], sys.argv[2], sys.argv[3]
client = OpenAI(base_url=base.rstrip("/") + "/v1", api_key=key)

models = [m.id for m in client.models.list()]
assert models == ["preflexor-embedded"], models

messages = [{"role": "user", "content": question}]
plain = client.chat.completions.create(model="preflexor-embedded", messages=messages)
content = plain.choices[0].message.content
reasoning = getattr(plain.choices[0].message, "reasoning_content", None) or (plain.choices[0].message.model_extra or {}).get("reasoning_content")
assert content, plain
assert plain.choices[0].finish_reason == "stop", plain
print("content:", content[:200].replace("\n", " "), "...")
print("reasoning_content:", (reasoning or "")[:120].replace("\n", " "), "...")

tagged = client.chat.completions.create(model="preflexor-embedded", messages=messages, extra_body={"reasoning_format": "tags"})
if reasoning:
    assert tagged.choices[0].message.content.startswith("<|thinking|>"), tagged

streamed, finishes = "", []
for chunk in client.chat.completions.create(model="preflexor-embedded", messages=messages, stream=True):
    choice = chunk.choices[0]
    streamed += choice.delta.content or ""
    if choice.finish_reason:
        finishes.append(choice.finish_reason)
assert streamed == content, (streamed, content)
assert finishes == ["stop"], finishes

try:
    OpenAI(base_url=base.rstrip("/") + "/v1", api_key="pfx_1_" + "0" * 64).models.list()
    raise SystemExit("a wrong key was accepted")
except Exception as error:  # openai.AuthenticationError
    assert "401" in str(error) or type(error).__name__ == "AuthenticationError", error
print("openai client", __import__("openai").__version__, "OK: models, completion, tags, stream, 401")
