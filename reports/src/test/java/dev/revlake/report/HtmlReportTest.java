package dev.revlake.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.Lake;

class HtmlReportTest {

    @Test
    void anEmptyLakeGetsAPageThatSaysWhatIsMissing(@TempDir Path dir) throws IOException {
        Lake lake = new Lake(dir.resolve("lake").toString());
        HtmlReport.Result result = HtmlReport.write(ReportLakes.spark(), lake, dir.resolve("report"));
        assertThat(result.charts()).isZero();
        assertThat(result.missing()).hasSize(4);
        String html = Files.readString(result.page());
        assertThat(html).contains("No gold_pipeline_forecast in", "No gold_lead_scores in", "No gold_funnel_daily in",
                "No trained model in", "<section id=\"models\">");
        assertThat(dir.resolve("report")).isDirectoryNotContaining("glob:**.partial");
    }

    @Test
    void cellsAreEscaped() {
        ReportTable table = new ReportTable("<b>t</b>", java.util.List.of("a"),
                java.util.List.of(java.util.List.of("<script>alert('x')</script> & more")));
        assertThat(table.toHtml()).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more")
                .contains("<caption>&lt;b&gt;t&lt;/b&gt;</caption>").doesNotContain("<script>");
    }
}
