package dev.revlake.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import dev.revlake.models.features.FeatureSpec;
import dev.revlake.models.training.LabeledRow;
import dev.revlake.testing.SharedSpark;

class TrainingSetsTest {

    private static final StructType SCHEMA = new StructType()
            .add("snapshot_date", DataTypes.DateType)
            .add("contact_id", DataTypes.StringType)
            .add("page_views_7d", DataTypes.LongType)
            .add("days_since_last_touch", DataTypes.IntegerType)
            .add("is_multi_device_30d", DataTypes.BooleanType)
            .add("industry", DataTypes.StringType)
            .add("top_pages", DataTypes.createArrayType(DataTypes.StringType))
            .add(TrainingSets.LABEL, DataTypes.BooleanType);

    private final SparkSession spark = SharedSpark.get();

    @Test
    void numbersBooleansAndTextBecomeFeaturesAndIdsTimesLabelsAndArraysDoNot() {
        FeatureSpec spec = TrainingSets.spec(SCHEMA, Set.of("snapshot_date", "contact_id", TrainingSets.LABEL));
        assertThat(spec.numeric()).containsExactly("page_views_7d", "days_since_last_touch", "is_multi_device_30d");
        assertThat(spec.booleans()).containsExactly("is_multi_device_30d");
        assertThat(spec.categorical()).containsExactly("industry");
    }

    @Test
    void samplingKeepsEveryPositiveAndWeighsSampledNegativesUp() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            boolean positive = i % 40 == 0;
            rows.add(RowFactory.create(LocalDate.of(2026, 1, 1).plusDays(i % 20), "c" + i, (long) (i % 7),
                    i % 3 == 0 ? null : i % 30, i % 2 == 0, i % 5 == 0 ? null : "software", List.of("/pricing"),
                    positive));
        }
        Dataset<Row> table = spark.createDataFrame(rows, SCHEMA);
        TrainingSets.Sample sample = TrainingSets.sample(table, true, 400, 42L);
        assertThat(sample.totalRows()).isEqualTo(2000);
        assertThat(sample.totalPositives()).isEqualTo(50);
        assertThat(sample.positiveRate()).isEqualTo(1.0);
        assertThat(sample.negativeRate()).isEqualTo(350.0 / 1950);

        FeatureSpec spec = TrainingSets.spec(SCHEMA, Set.of("snapshot_date", "contact_id", TrainingSets.LABEL));
        List<LabeledRow> kept = TrainingSets.collect(sample.rows(), spec, "contact_id", "snapshot_date");
        assertThat(kept.stream().filter(LabeledRow::isPositive).count()).isEqualTo(50);
        assertThat(kept.stream().filter(LabeledRow::isPositive).mapToDouble(LabeledRow::weight).distinct())
                .containsExactly(1.0);
        assertThat(kept.size()).isBetween(330, 470);
        // Weighted, the sample stands for the whole table again (within sampling noise).
        assertThat(kept.stream().mapToDouble(LabeledRow::weight).sum()).isBetween(1800.0, 2200.0);

        LabeledRow first = kept.stream().filter(r -> r.id().equals("c0")).findFirst().orElseThrow();
        assertThat(first.time()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(first.features().numeric()).containsExactly(0.0, Double.NaN, 1.0);
        assertThat(first.features().categorical()).containsExactly((String) null);
        assertThat(first.oracle()).isNaN();
    }
}
