-- 0003_stories: near-duplicate index, duplicate groups and story clusters. Owned by rasd.stories.

-- Parameters the index was built with (shingle size, permutations, bands …). An index built
-- with other parameters is rebuilt, never mixed.
CREATE TABLE dedup_params (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per document seen by the dedup stage.
CREATE TABLE dedup_docs (
    key            INTEGER PRIMARY KEY,        -- small integer used by dedup_bands
    doc_id         TEXT NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
    content_hash   TEXT NOT NULL,              -- hash of the folded word sequence (exact duplicates)
    n_tokens       INTEGER NOT NULL,
    published      TEXT,
    signature      BLOB,                       -- MinHash of the word shingles: little-endian uint32 x num_perm
    lead_signature BLOB,                       -- MinHash of the shingles of the first words (truncated copies)
    shingles       BLOB,                       -- sorted unique uint32 shingle hashes (exact containment check)
    lead_shingles  BLOB                        -- [n, n hashes of the lead's numbers, lead shingle hashes]
);                                             -- the BLOBs are NULL for exact copies and too-short texts
CREATE INDEX dedup_docs_hash ON dedup_docs(content_hash);

-- LSH buckets: one row per (band hash, document); a band hash mixes the band number and its rows.
-- Queried by hash: a new article finds its candidates without rebuilding anything.
CREATE TABLE dedup_bands (
    h   INTEGER NOT NULL,
    key INTEGER NOT NULL,                      -- dedup_docs.key (rows of deleted documents are ignored)
    PRIMARY KEY (h, key)
) WITHOUT ROWID;

-- Groups of duplicates (exact or near). Only documents with at least one duplicate are members.
CREATE TABLE dup_groups (
    id              INTEGER PRIMARY KEY,
    representative  TEXT NOT NULL,             -- earliest published member, else the longest
    size            INTEGER NOT NULL,
    first_published TEXT,
    last_published  TEXT
);

CREATE TABLE dup_members (
    doc_id     TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    group_id   INTEGER NOT NULL REFERENCES dup_groups(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,                  -- seed | exact | near
    matched    TEXT,                           -- the document it was found to duplicate
    similarity REAL                            -- shingle containment of the shorter in the longer
);
CREATE INDEX dup_members_group ON dup_members(group_id);

-- Story clusters.
CREATE TABLE stories (
    id              TEXT PRIMARY KEY,          -- 's' + hash of the founding article id
    title           TEXT,                      -- title of the most central article
    central_doc     TEXT,
    first_published TEXT,
    last_published  TEXT,
    size            INTEGER NOT NULL,          -- articles, duplicates included
    n_outlets       INTEGER NOT NULL,
    outlets         TEXT NOT NULL DEFAULT '[]',      -- JSON [[outlet, count], ...]
    languages       TEXT NOT NULL DEFAULT '[]',      -- JSON [[language, count], ...]
    top_entities    TEXT NOT NULL DEFAULT '[]',      -- JSON [[entity, count], ...]
    events          TEXT NOT NULL DEFAULT '[]',      -- JSON [[event type, count], ...]
    updated_at      TEXT NOT NULL
);
CREATE INDEX stories_last ON stories(last_published);
CREATE INDEX stories_size ON stories(size);

CREATE TABLE story_members (
    doc_id     TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    story_id   TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    published  TEXT,
    similarity REAL,                           -- score with the story when it joined (1 for the founder)
    dup_of     TEXT                            -- set when it joined as a duplicate of this document
);
CREATE INDEX story_members_story ON story_members(story_id, published);

-- Document frequencies of stemmed terms (TF-IDF), kept up to date incrementally.
CREATE TABLE story_terms (
    term TEXT PRIMARY KEY,
    df   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE story_state (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Sentence embeddings (float16 x dim) of the articles that needed one, so they are computed once.
CREATE TABLE story_vectors (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    model  TEXT NOT NULL,
    vector BLOB NOT NULL
);
