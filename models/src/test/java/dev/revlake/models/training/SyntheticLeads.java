package dev.revlake.models.training;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import dev.revlake.models.features.ColumnType;
import dev.revlake.models.features.FeatureSpec;

/**
 * A seeded synthetic lead table with a known true probability per row, so tests can compare a
 * trained model with the oracle: conversion depends on pricing views (strongly), e-mail clicks
 * (a little), days since the last touch (negatively) and the industry; noise and devices are not
 * predictive.
 */
public final class SyntheticLeads {

    public static final FeatureSpec SPEC = FeatureSpec.infer(columns(), Set.of());

    private static Map<String, ColumnType> columns() {
        Map<String, ColumnType> c = new java.util.LinkedHashMap<>();
        c.put("pricing_page_views_7d", ColumnType.NUMERIC);
        c.put("email_clicks_30d", ColumnType.NUMERIC);
        c.put("days_since_last_touch", ColumnType.NUMERIC);
        c.put("noise", ColumnType.NUMERIC);
        c.put("is_multi_device_30d", ColumnType.BOOLEAN);
        c.put("industry", ColumnType.CATEGORICAL);
        c.put("engagement_score", ColumnType.NUMERIC);
        return c;
    }

    private SyntheticLeads() {
    }

    /** {@code perDay} rows on each of {@code days} dates from 2026-01-01. */
    public static List<LabeledRow> rows(int days, int perDay, long seed) {
        return generate(days, perDay, seed, null);
    }

    /** The plain column values of the same rows, for building vectors with another spec (a loaded model's). */
    public static List<Map<String, Object>> values(int days, int perDay, long seed) {
        List<Map<String, Object>> out = new ArrayList<>();
        generate(days, perDay, seed, out);
        return out;
    }

    private static List<LabeledRow> generate(int days, int perDay, long seed, List<Map<String, Object>> valuesOut) {
        Random random = new Random(seed);
        List<LabeledRow> rows = new ArrayList<>();
        LocalDate start = LocalDate.of(2026, 1, 1);
        String[] industries = {"software", "retail", "finance"};
        for (int d = 0; d < days; d++) {
            for (int i = 0; i < perDay; i++) {
                double pricing = random.nextInt(5) * (random.nextDouble() < 0.3 ? 1 : 0);
                double clicks = random.nextInt(4);
                Double lastTouch = random.nextDouble() < 0.1 ? null : (double) random.nextInt(60);
                boolean multiDevice = random.nextBoolean();
                String industry = industries[random.nextInt(3)];
                double logit = -3.2 + 0.8 * pricing + 0.15 * clicks
                        - 0.03 * (lastTouch == null ? 60 : lastTouch) + (industry.equals("software") ? 0.6 : 0);
                double p = 1 / (1 + Math.exp(-logit));
                boolean converted = random.nextDouble() < p;
                // A points score that follows clicks but misses pricing views: a weaker, non-collinear baseline.
                double points = 3 * clicks + random.nextInt(10);
                Map<String, Object> values = new java.util.HashMap<>();
                values.put("pricing_page_views_7d", pricing);
                values.put("email_clicks_30d", clicks);
                values.put("days_since_last_touch", lastTouch);
                values.put("noise", random.nextGaussian());
                values.put("is_multi_device_30d", multiDevice);
                values.put("industry", industry);
                values.put("engagement_score", points);
                if (valuesOut != null) {
                    valuesOut.add(values);
                }
                rows.add(new LabeledRow("lead-" + d + "-" + i, start.plusDays(d), SPEC.vector(values),
                        converted ? 1 : 0, 1.0, p));
            }
        }
        return rows;
    }
}
