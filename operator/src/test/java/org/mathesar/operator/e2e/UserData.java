package org.mathesar.operator.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A user database connected to Mathesar and a table in it, made through Mathesar's JSON-RPC API as
 * the UI does. Mathesar keeps the database role's password encrypted with the SECRET_KEY, so
 * listing the tables again later proves the key still decrypts it.
 */
record UserData(long databaseId, long schemaOid, String table) {

  static UserData create(MathesarWeb web, String database, String table) throws Exception {
    var connected = web.rpc("databases.setup.create_new", Map.of("database", database));
    long databaseId = connected.get("database").get("id").asLong();
    long schemaOid = publicSchema(web, databaseId);
    if (schemaOid < 0) {
      throw new IllegalStateException("no public schema in " + database);
    }
    web.rpc(
        "tables.add",
        Map.of("schema_oid", schemaOid, "database_id", databaseId, "table_name", table));
    return new UserData(databaseId, schemaOid, table);
  }

  /**
   * The user database Mathesar lists under this name, with its public schema; ids -1 when it is not
   * listed.
   */
  static UserData find(MathesarWeb web, String database) throws Exception {
    long databaseId = -1;
    for (var d : web.rpc("databases.configured.list", Map.of())) {
      if (d.get("name").asText().equals(database)) {
        databaseId = d.get("id").asLong();
      }
    }
    return new UserData(databaseId, databaseId < 0 ? -1 : publicSchema(web, databaseId), "");
  }

  private static long publicSchema(MathesarWeb web, long databaseId) throws Exception {
    for (var schema : web.rpc("schemas.list", Map.of("database_id", databaseId))) {
      if (schema.get("name").asText().equals("public")) {
        return schema.get("oid").asLong();
      }
    }
    return -1;
  }

  /**
   * The table names Mathesar lists in the schema: it connects with the stored, decrypted password.
   */
  List<String> tables(MathesarWeb web) throws Exception {
    var names = new ArrayList<String>();
    web.rpc("tables.list", Map.of("schema_oid", schemaOid, "database_id", databaseId))
        .forEach(t -> names.add(t.get("name").asText()));
    return names;
  }
}
