// Schema status and migration of the gateway's store, for `ibkr-gateway db status|migrate`: the PostgreSQL
// database when DATABASE_URL is set, else the SQLite file. Administration only; the gateway migrates at start.
export {
  migrateStoreSchema,
  redactUrl,
  storeSchemaStatus,
  StoreUnavailableError,
  type StoreSchemaStatus,
  type StoreTarget,
} from "../store/index.js";
