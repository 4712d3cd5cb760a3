# Sourced by the benchmark scripts before they start chatsocket. A benchmark's load comes from one
# address (127.0.0.1) and its senders send as fast as the server takes their messages, which is
# what chatsocket's per-address connection cap and per-connection and per-person chat rate limits exist to refuse
# on the internet (README, "Running in production"). The peers compared in bench/run.sh have no
# such limits, so chatsocket runs without them too; everything else stays at its defaults.
export CHATSOCKET_MAX_CONNECTIONS=20000
export CHATSOCKET_MAX_CONNECTIONS_PER_ADDRESS=20000
export CHATSOCKET_CHAT_RATE_MESSAGES=1000000
export CHATSOCKET_CHAT_RATE_MESSAGE_BURST=1000000
export CHATSOCKET_CHAT_RATE_BYTES=1GiB
export CHATSOCKET_CHAT_RATE_BYTE_BURST=1GiB
export CHATSOCKET_USER_RATE_MESSAGES=1000000
export CHATSOCKET_USER_RATE_MESSAGE_BURST=1000000
# A person who leaves is listed for CHATSOCKET_PRESENCE_GRACE (5s) in case they come back; the join
# scenario's thousands of guests a second, each gone at once and never back, would pile up in the
# room's member list (and every welcome) for those seconds. The peers keep no one after they leave.
export CHATSOCKET_PRESENCE_GRACE=0
