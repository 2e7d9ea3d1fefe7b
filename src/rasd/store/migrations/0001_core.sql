-- 0001_core: documents, annotation layers, skips and the full-text index.
-- Offsets (start, "end") are half-open character offsets into documents.text;
-- substr(text, start + 1, "end" - start) is the surface. Owned by rasd.store.

CREATE TABLE documents (
    id             TEXT PRIMARY KEY,          -- content hash (rasd.document.content_id)
    title          TEXT,
    url            TEXT,
    source         TEXT,                      -- file path, path#member, path#entry
    outlet         TEXT,
    published      TEXT,                      -- ISO 8601, with offset when known
    published_day  TEXT,                      -- YYYY-MM-DD prefix of published, for filters
    language       TEXT,
    language_score REAL,
    status         TEXT NOT NULL DEFAULT 'ok', -- ok | skipped
    skip_code      TEXT,
    skip_reason    TEXT,
    text           TEXT NOT NULL,
    meta           TEXT NOT NULL DEFAULT '{}', -- JSON object
    stages         TEXT NOT NULL DEFAULT '[]', -- JSON list of stages that ran
    sentences      TEXT NOT NULL DEFAULT '[]', -- JSON list of [start, end]
    digest         TEXT NOT NULL,             -- hash of the stored form: unchanged re-adds are no-ops
    ingested_at    TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX documents_published_day ON documents(published_day);
CREATE INDEX documents_outlet ON documents(outlet);
CREATE INDEX documents_language ON documents(language);

CREATE TABLE mentions (
    doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    type       TEXT NOT NULL,
    score      REAL,
    source     TEXT,
    entity_id  TEXT,
    antecedent INTEGER,
    surface    TEXT NOT NULL,                -- text slice, for querying convenience
    norm       TEXT NOT NULL,                -- fold(surface)
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX mentions_norm ON mentions(norm);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE quotes (
    doc_id          TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx             INTEGER NOT NULL,
    start           INTEGER NOT NULL,
    end             INTEGER NOT NULL,
    kind            TEXT,
    cue_start       INTEGER,
    cue_end         INTEGER,
    speaker_start   INTEGER,
    speaker_end     INTEGER,
    speaker_mention INTEGER,
    channel         TEXT,
    confidence      REAL,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE amounts (
    doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    kind       TEXT,
    value      REAL,
    value_max  REAL,
    unit       TEXT,
    qualifier  TEXT,
    unit_start INTEGER,
    unit_end   INTEGER,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE times (
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    type        TEXT,
    value       TEXT,
    granularity TEXT,
    anchored    INTEGER,                     -- 0/1
    mod         TEXT,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE events (
    doc_id              TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx                 INTEGER NOT NULL,
    start               INTEGER NOT NULL,
    end                 INTEGER NOT NULL,
    type                TEXT NOT NULL,
    mode                TEXT,
    time_idx            INTEGER,
    time_from_published INTEGER,             -- 0/1
    amount_idx          INTEGER,
    quote_idx           INTEGER,
    sentence_start      INTEGER,
    sentence_end        INTEGER,
    confidence          REAL,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX events_type ON events(type);

CREATE TABLE event_args (
    doc_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    event_idx INTEGER NOT NULL,
    idx       INTEGER NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    role      TEXT NOT NULL,
    mention   INTEGER,
    entity_id TEXT,
    sector    TEXT,
    PRIMARY KEY (doc_id, event_idx, idx)
);

-- inputs that could not be read; one row per (source, code), re-seen on re-runs
CREATE TABLE skips (
    id     INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    code   TEXT NOT NULL,
    reason TEXT NOT NULL,
    at     TEXT NOT NULL,
    seen   INTEGER NOT NULL DEFAULT 1,
    UNIQUE (source, code)
);

-- Full-text index. title/body hold the search form of the text: each word folded
-- (rasd.arabic.normalize.fold) and, for Arabic, with its proclitics removed (لداعش -> داعش,
-- والعراق -> العراق, للقوات -> القوات). Queries are put in the same form.
CREATE VIRTUAL TABLE docs_fts USING fts5(
    doc_id UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- the index's vocabulary (term, doc = number of documents, cnt = occurrences)
CREATE VIRTUAL TABLE docs_vocab USING fts5vocab(docs_fts, 'row');

-- spelling variants: every indexed Arabic word under its variant key (rasd.store.rows.variant_key:
-- without non-initial و/ي), so a query word also finds الاميركيه for الامريكيه, البشمركه for البيشمركه
CREATE TABLE search_variants (
    key  TEXT NOT NULL,
    term TEXT NOT NULL,
    PRIMARY KEY (key, term)
) WITHOUT ROWID;

-- small key/value state (e.g. when each corpus stage last completed)
CREATE TABLE state (
    key   TEXT PRIMARY KEY,
    value TEXT
);
