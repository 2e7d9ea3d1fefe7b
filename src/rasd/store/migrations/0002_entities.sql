-- 0002_entities: canonical entities from the resolve corpus stage (rasd.resolve).
-- mentions.entity_id (0001) points at entities.id; entities are never deleted by a re-run,
-- their counts are recomputed from the mentions that point at them.

CREATE TABLE entities (
    id            TEXT PRIMARY KEY,             -- e<hash> for entities found in the corpus, kb:<id> for the seed KB
    type          TEXT NOT NULL,                -- PER | ORG | LOC | MISC
    name_ar       TEXT NOT NULL,                -- canonical Arabic name (commonest full form)
    name_latin    TEXT,                         -- from the KB when known, else transliterated
    country_code  TEXT,                         -- ISO 3166-1 alpha-2 when known (places, KB actors)
    first_seen    TEXT,                         -- earliest publication day of a mention
    last_seen     TEXT,
    mention_count INTEGER NOT NULL DEFAULT 0,
    doc_count     INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'ok',   -- ok | ambiguous (a bare name that fits several entities)
    kb            TEXT,                         -- knowledge-base id (country:IQ, city:IQ:baghdad, actor:krg)
    candidates    TEXT,                         -- JSON list of entity ids an ambiguous entity could be
    created_at    TEXT NOT NULL
);
CREATE INDEX entities_type ON entities(type, mention_count);
CREATE INDEX entities_name ON entities(name_ar);

-- surface forms that were resolved to an entity, with how often
CREATE TABLE entity_aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    norm      TEXT NOT NULL,                    -- fold(alias)
    count     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity_id, alias)
);
CREATE INDEX entity_aliases_norm ON entity_aliases(norm);

-- the blocking index: name keys of each entity under their blocking keys (rasd.resolve.matcher.block_keys)
CREATE TABLE entity_keys (
    bkey      TEXT NOT NULL,
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    type      TEXT NOT NULL,
    head      TEXT NOT NULL,
    tokens    TEXT NOT NULL,                    -- the key's words, space separated
    PRIMARY KEY (bkey, entity_id, tokens)
) WITHOUT ROWID;
CREATE INDEX entity_keys_entity ON entity_keys(entity_id);

-- why an alias joined an entity (rasd entity ID --why)
CREATE TABLE entity_evidence (
    id         INTEGER PRIMARY KEY,
    entity_id  TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias_norm TEXT NOT NULL,
    joined_via TEXT NOT NULL,                   -- new | exact | variant | middle_name | surname | in_document | kb | metonym | ...
    evidence   TEXT,
    at         TEXT NOT NULL,
    UNIQUE (entity_id, alias_norm, joined_via)
);
