/** Written on first run when no config file exists; every key is documented in the README. */
export const DEFAULT_CONFIG_YAML = `# Switchboard configuration. Every key is optional; the README ("Configuration") lists them all.
host: 127.0.0.1
port: 8317
# auth-dir: ~/switchboard/auth      # one JSON file per account (default: <app data>/auth)
# data-dir: ~/switchboard           # owner key, usage database (default: <app data>)
# api-keys:                         # extra client keys; the owner key is generated on first run
#   - sk-sb-your-own-long-random-key
# body-limit: 32mb
# timeouts:
#   headers: 30s                    # a client's request headers must arrive within this
#   request: 300s                   # and its whole request (body included) within this
#   first-byte: 120s
#   idle: 300s
#   refresh: 30s
#   shutdown: 10s
# rate-limit:
#   requests-per-minute: 1200
# debug: false
# providers:
#   anthropic:
#     base-url: https://api.anthropic.com
#     request-profile:
#       mode: auto                  # auto | always | never
#     aliases:
#       opus: claude-opus-4-7
`;
