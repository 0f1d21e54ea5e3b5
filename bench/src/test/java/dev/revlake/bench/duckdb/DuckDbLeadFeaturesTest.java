package dev.revlake.bench.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import dev.revlake.silver.SilverTables;

class DuckDbLeadFeaturesTest {

    @Test
    void anAbsentOptionalSilverTableIsAnEmptyRelationWithItsDeclaredColumns() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("CREATE VIEW silver_identity_map AS "
                    + DuckDbLeadFeatures.emptyRelation(SilverTables.IDENTITY_MAP));
            try (ResultSet r = s.executeQuery("SELECT count(*), min(identified_at) FROM silver_identity_map")) {
                r.next();
                assertThat(r.getLong(1)).isZero();
            }
            try (ResultSet r = s.executeQuery("SELECT * FROM silver_identity_map")) {
                assertThat(r.getMetaData().getColumnCount())
                        .isEqualTo(SilverTables.IDENTITY_MAP.schema().fields().length);
                assertThat(r.getMetaData().getColumnName(1)).isEqualTo(SilverTables.IDENTITY_MAP.schema().fields()[0].name());
                assertThat(r.next()).isFalse();
            }
            for (var table : SilverFiles.INPUTS) {
                s.execute("SELECT * FROM (" + DuckDbLeadFeatures.emptyRelation(table) + ")");
            }
        }
    }
}
