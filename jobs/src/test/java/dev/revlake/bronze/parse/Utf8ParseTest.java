package dev.revlake.bronze.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8ParseTest {

    private static int firstInvalid(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Utf8.firstInvalid(b, 0, b.length);
    }

    @Test
    void acceptsWellFormedTextAcrossTheWordFastPath() {
        byte[] b = "plain ascii text, then é € 😀 and more ascii".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.firstInvalid(b, 0, b.length)).isEqualTo(-1);
    }

    @Test
    void rejectsMalformedSequencesAtTheirFirstByte() {
        assertThat(firstInvalid('a', 'b', 0xC3, 0x28)).as("bad continuation").isEqualTo(2);
        assertThat(firstInvalid(0xC0, 0xAF)).as("overlong").isZero();
        assertThat(firstInvalid(0xED, 0xA0, 0x80)).as("surrogate").isZero();
        assertThat(firstInvalid(0xF4, 0x90, 0x80, 0x80)).as("above U+10FFFF").isZero();
        assertThat(firstInvalid('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 0xE2, 0x82)).as("cut short").isEqualTo(9);
        assertThat(firstInvalid(0x80)).as("lone continuation").isZero();
    }

    @Test
    void findsNewlinesInAndAfterWholeWords() {
        byte[] b = "0123456789abcdef\nxy\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(Utf8.indexOfNewline(b, 0, b.length)).isEqualTo(16);
        assertThat(Utf8.indexOfNewline(b, 17, b.length)).isEqualTo(19);
        assertThat(Utf8.indexOfNewline(b, 0, 10)).isEqualTo(10);
        byte[] early = "ab\ncdefghijkl".getBytes(StandardCharsets.US_ASCII);
        assertThat(Utf8.indexOfNewline(early, 0, early.length)).isEqualTo(2);
    }

    @Test
    void rawTextIsCappedWithAMarker() {
        byte[] medium = "é".repeat(40_000).getBytes(StandardCharsets.UTF_8); // 80,000 bytes, 40,000 chars
        assertThat(RawText.of(medium, 0, medium.length)).isEqualTo("é".repeat(40_000));
        byte[] large = "x".repeat(70_000).getBytes(StandardCharsets.UTF_8);
        assertThat(RawText.of(large, 0, large.length)).isEqualTo("x".repeat(65_536) + "…[truncated 4464 chars]");
    }

    private static String pageview(String title) {
        return "{\"event_id\":\"e1\",\"event_type\":\"page\",\"occurred_at\":\"2026-11-20T10:00:00Z\","
                + "\"anonymous_id\":\"a1\",\"url\":\"https://x.example/\",\"page_title\":\"" + title + "\"}\n";
    }

    /** Found by the fuzzer: a JSON escape can carry what UTF-8 bytes cannot, a lone surrogate. */
    @Test
    void jsonEscapedLoneSurrogatesAreQuarantinedPairsLand() {
        assertThat(ParseTestSupport.reasonOf(dev.revlake.raw.Source.WEB_PAGEVIEWS, pageview("bad \\ud800 title")))
                .isEqualTo("field \"page_title\" contains an unpaired surrogate U+D800 (not valid Unicode)");
        assertThat(ParseTestSupport.reasonOf(dev.revlake.raw.Source.WEB_PAGEVIEWS, pageview("bad \\udc00")))
                .isEqualTo("field \"page_title\" contains an unpaired surrogate U+DC00 (not valid Unicode)");
        ParsedRecord.Good g = ParseTestSupport.good(ParseTestSupport.parse(dev.revlake.raw.Source.WEB_PAGEVIEWS,
                pageview("ok \\ud83d\\ude00")).get(0));
        assertThat(ParseTestSupport.value(dev.revlake.raw.Source.WEB_PAGEVIEWS, g, "page_title")).isEqualTo("ok 😀");
    }
}
