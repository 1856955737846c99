/**
 * What each column of a stream's query is, by database type family, so the pipeline knows how to
 * read a value: DOUBLE money is rounded to minor units once, DECIMAL/NUMERIC (a string here) is
 * parsed exactly, DATE is a business date, a timestamp an instant.
 */
export type ColumnFamily = 'integer' | 'decimal' | 'float' | 'text' | 'date' | 'timestamp' | 'boolean' | 'binary' | 'json' | 'other';

export interface ColumnInfo {
  /** The column alias as the query returns it. */
  name: string;
  family: ColumnFamily;
  /** The database's type name, e.g. DOUBLE, DECIMAL(24,8), DATETIME, timestamptz, numeric. */
  dbType: string;
  /** Timestamps: true when the value carries its instant (TIMESTAMP, timestamptz); false for wall-clock DATETIME/timestamp. */
  zoned?: boolean;
  /** Decimals: digits after the point when the type declares them. */
  scale?: number;
}

/** mysql2 column definition fields used here (protocol ColumnDefinition41). */
export interface MysqlField { name: string; columnType?: number; characterSet?: number; decimals?: number; columnLength?: number; flags?: number }

const BINARY_CHARSET = 63;
const UNSIGNED_FLAG = 32;

/** MySQL protocol type codes (include/mysql_com.h enum_field_types). */
export function mysqlColumn(f: MysqlField): ColumnInfo {
  const t = f.columnType ?? -1;
  const binary = f.characterSet === BINARY_CHARSET;
  const unsigned = ((f.flags ?? 0) & UNSIGNED_FLAG) !== 0 ? ' UNSIGNED' : '';
  const base = { name: f.name };
  switch (t) {
    case 0: case 246: return { ...base, family: 'decimal', dbType: `DECIMAL(${Math.max(0, (f.columnLength ?? 0) - (f.decimals ? 1 : 0) - (unsigned ? 0 : 1))},${f.decimals ?? 0})`, scale: f.decimals ?? 0 };
    case 1: return { ...base, family: 'integer', dbType: `TINYINT${unsigned}` };
    case 2: return { ...base, family: 'integer', dbType: `SMALLINT${unsigned}` };
    case 3: return { ...base, family: 'integer', dbType: `INT${unsigned}` };
    case 8: return { ...base, family: 'integer', dbType: `BIGINT${unsigned}` };
    case 9: return { ...base, family: 'integer', dbType: `MEDIUMINT${unsigned}` };
    case 13: return { ...base, family: 'integer', dbType: 'YEAR' };
    case 4: return { ...base, family: 'float', dbType: 'FLOAT' };
    case 5: return { ...base, family: 'float', dbType: 'DOUBLE' };
    case 7: return { ...base, family: 'timestamp', dbType: 'TIMESTAMP', zoned: true };
    case 12: return { ...base, family: 'timestamp', dbType: 'DATETIME', zoned: false };
    case 10: case 14: return { ...base, family: 'date', dbType: 'DATE' };
    case 11: return { ...base, family: 'text', dbType: 'TIME' };
    case 16: return { ...base, family: 'binary', dbType: 'BIT' };
    case 245: return { ...base, family: 'json', dbType: 'JSON' };
    case 6: return { ...base, family: 'other', dbType: 'NULL' };
    case 255: return { ...base, family: 'other', dbType: 'GEOMETRY' };
    case 15: case 253: case 254: case 247: case 248:
      return { ...base, family: binary ? 'binary' : 'text', dbType: binary ? 'VARBINARY' : t === 247 ? 'ENUM' : t === 248 ? 'SET' : 'VARCHAR' };
    case 249: case 250: case 251: case 252:
      return { ...base, family: binary ? 'binary' : 'text', dbType: binary ? 'BLOB' : 'TEXT' };
    default: return { ...base, family: 'other', dbType: `type ${t}` };
  }
}

/** PostgreSQL built-in type OIDs (src/include/catalog/pg_type.dat). */
const PG_TYPES: Record<number, [ColumnFamily, string]> = {
  16: ['boolean', 'boolean'], 17: ['binary', 'bytea'], 18: ['text', 'char'], 19: ['text', 'name'],
  20: ['integer', 'bigint'], 21: ['integer', 'smallint'], 23: ['integer', 'integer'], 26: ['integer', 'oid'],
  25: ['text', 'text'], 1042: ['text', 'character'], 1043: ['text', 'character varying'], 2950: ['text', 'uuid'], 705: ['text', 'unknown'],
  700: ['float', 'real'], 701: ['float', 'double precision'],
  1700: ['decimal', 'numeric'], 790: ['decimal', 'money'],
  1082: ['date', 'date'], 1114: ['timestamp', 'timestamp without time zone'], 1184: ['timestamp', 'timestamp with time zone'],
  114: ['json', 'json'], 3802: ['json', 'jsonb'],
};

export interface PgField { name: string; dataTypeID: number; dataTypeModifier?: number }

export function pgColumn(f: PgField): ColumnInfo {
  const [family, dbType] = PG_TYPES[f.dataTypeID] ?? ['other', `oid ${f.dataTypeID}`];
  const info: ColumnInfo = { name: f.name, family, dbType };
  if (f.dataTypeID === 1184) info.zoned = true;
  if (f.dataTypeID === 1114) info.zoned = false;
  // numeric(p,s) stores ((p << 16) | s) + 4 in its type modifier; -1 means unconstrained.
  if (f.dataTypeID === 1700 && f.dataTypeModifier !== undefined && f.dataTypeModifier >= 4) {
    const mod = f.dataTypeModifier - 4;
    info.scale = mod & 0xffff;
    info.dbType = `numeric(${mod >> 16},${info.scale})`;
  }
  if (f.dataTypeID === 790) info.scale = 2;
  return info;
}
