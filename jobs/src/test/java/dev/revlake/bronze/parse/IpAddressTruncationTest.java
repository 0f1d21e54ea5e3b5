package dev.revlake.bronze.parse;

import static dev.revlake.bronze.parse.ParseTestSupport.bad;
import static dev.revlake.bronze.parse.ParseTestSupport.good;
import static dev.revlake.bronze.parse.ParseTestSupport.parse;
import static dev.revlake.bronze.parse.ParseTestSupport.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.revlake.raw.Source;

/** Client IP addresses are cut to their network part at bronze; the full address is never stored. */
class IpAddressTruncationTest {

    @ParameterizedTest
    @CsvSource({
            "203.0.113.77, 203.0.113.0",
            "10.0.0.1, 10.0.0.0",
            "255.255.255.255, 255.255.255.0",
            "2001:db8:7:1::5, 2001:db8:7::",
            "2001:0DB8:abcd:0012:0000:0000:0000:0001, 2001:db8:abcd::",
            "::1, 0:0:0::",
            "::ffff:198.51.100.23, 198.51.100.0"})
    void keepsTheNetworkPart(String delivered, String stored) {
        assertThat(IpAddresses.truncate(delivered)).isEqualTo(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "localhost", "example.com",
            "fe80::1%eth0", "[::1]", "1.2.3.4:8080", "1::2::3", "abc", "::g"})
    void rejectsWhatIsNotALiteralAddress(String delivered) {
        assertThat(IpAddresses.truncate(delivered)).isNull();
    }

    @Test
    void pageViewsLandWithTheTruncatedAddressAndBadOnesAreQuarantinedWithoutEchoingIt() {
        String base = "{\"event_id\":\"e%d\",\"event_type\":\"page\",\"occurred_at\":\"2026-11-20T10:00:00Z\","
                + "\"anonymous_id\":\"a1\",\"url\":\"https://x.example/pricing\",\"ip\":\"%s\"}";
        List<ParsedRecord> records = parse(Source.WEB_PAGEVIEWS, String.format(base, 1, "203.0.113.77") + "\n"
                + String.format(base, 2, "2001:db8:7:1::5") + "\n" + String.format(base, 3, "host-203-0-113-77"));
        assertThat(value(Source.WEB_PAGEVIEWS, good(records.get(0)), "ip")).isEqualTo("203.0.113.0");
        assertThat(value(Source.WEB_PAGEVIEWS, good(records.get(1)), "ip")).isEqualTo("2001:db8:7::");
        assertThat(bad(records.get(2)).reason()).isEqualTo("field \"ip\": not an IPv4 or IPv6 address")
                .doesNotContain("203-0-113-77");
    }
}
