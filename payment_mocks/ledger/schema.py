"""The ledger's tables. Money columns are integer fen; instants integer microseconds since the epoch (UTC)."""

LEDGER_TABLES = (
    "subjects", "accounts", "freezes", "freeze_events", "movements", "payouts",
    "restrictions", "replies", "nonces",
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS subjects (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    id_type TEXT NOT NULL,
    id_number TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
    account_no TEXT PRIMARY KEY,
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    balance INTEGER NOT NULL CHECK (balance >= 0),
    currency TEXT NOT NULL DEFAULT 'CNY',
    opened_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS accounts_by_subject ON accounts(subject_id);
CREATE TABLE IF NOT EXISTS freezes (
    id INTEGER PRIMARY KEY,
    freeze_no TEXT NOT NULL UNIQUE,
    account_no TEXT NOT NULL REFERENCES accounts(account_no),
    authority_code TEXT NOT NULL,
    authority_name TEXT NOT NULL,
    request_no TEXT NOT NULL,
    document_no TEXT NOT NULL,
    case_no TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL CHECK (mode IN ('amount', 'account')),
    amount_requested INTEGER CHECK (amount_requested IS NULL OR amount_requested > 0),
    held INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0),
    deducted INTEGER NOT NULL DEFAULT 0 CHECK (deducted >= 0),
    captures INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'waiting', 'expired', 'released', 'deducted')),
    term_days INTEGER NOT NULL CHECK (term_days BETWEEN 1 AND 365),
    placed_at INTEGER NOT NULL,
    activated_at INTEGER,
    expires_at INTEGER,
    ended_at INTEGER,
    renewals INTEGER NOT NULL DEFAULT 0,
    UNIQUE (authority_code, request_no, account_no)
);
CREATE INDEX IF NOT EXISTS freezes_by_account ON freezes(account_no, status, id);
CREATE INDEX IF NOT EXISTS freezes_by_expiry ON freezes(status, expires_at);
CREATE TABLE IF NOT EXISTS freeze_events (
    id INTEGER PRIMARY KEY,
    freeze_id INTEGER NOT NULL REFERENCES freezes(id),
    at INTEGER NOT NULL,
    event TEXT NOT NULL,
    amount INTEGER NOT NULL DEFAULT 0,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS freeze_events_by_freeze ON freeze_events(freeze_id, id);
CREATE TABLE IF NOT EXISTS movements (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    account_no TEXT NOT NULL REFERENCES accounts(account_no),
    kind TEXT NOT NULL CHECK (kind IN ('seed', 'credit', 'payment', 'deduction')),
    amount INTEGER NOT NULL CHECK (amount > 0),
    balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
    freeze_id INTEGER REFERENCES freezes(id),
    counterparty TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    reference TEXT NOT NULL DEFAULT '',
    memo TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS movements_by_account ON movements(account_no, at, id);
CREATE TABLE IF NOT EXISTS payouts (
    id INTEGER PRIMARY KEY,
    freeze_id INTEGER NOT NULL REFERENCES freezes(id),
    authority_code TEXT NOT NULL,
    request_no TEXT NOT NULL,
    document_no TEXT NOT NULL,
    enforcement_account TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    at INTEGER NOT NULL,
    UNIQUE (authority_code, request_no, freeze_id)
);
CREATE TABLE IF NOT EXISTS restrictions (
    id INTEGER PRIMARY KEY,
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    authority_code TEXT NOT NULL,
    authority_name TEXT NOT NULL,
    document_no TEXT NOT NULL,
    case_no TEXT NOT NULL DEFAULT '',
    categories TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    lifted_at INTEGER
);
CREATE INDEX IF NOT EXISTS restrictions_by_subject ON restrictions(subject_id);
CREATE TABLE IF NOT EXISTS replies (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body BLOB NOT NULL,
    headers TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE TABLE IF NOT EXISTS nonces (
    scope TEXT NOT NULL,
    nonce TEXT NOT NULL,
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (scope, nonce)
);
CREATE INDEX IF NOT EXISTS nonces_by_age ON nonces(seen_at);
"""
