package dev.revlake.models.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReasonPhrasesTest {

    @Test
    void wordsValuesMissingValuesBooleansAndUnknownColumns() {
        assertThat(ReasonPhrases.numeric("pricing_page_views_7d", 3, false)).isEqualTo("visited pricing 3 times this week");
        assertThat(ReasonPhrases.numeric("days_since_last_touch", 21, false)).isEqualTo("no activity in 21 days");
        assertThat(ReasonPhrases.numeric("days_since_last_email_click", Double.NaN, false))
                .isEqualTo("never clicked an e-mail");
        assertThat(ReasonPhrases.numeric("is_past_due", 1, true)).isEqualTo("past the CRM close date");
        assertThat(ReasonPhrases.numeric("owner_win_rate", 0.375, false)).isEqualTo("owner's win rate 0.38");
        assertThat(ReasonPhrases.categorical("stage", "proposal")).isEqualTo("in the proposal stage");
        assertThat(ReasonPhrases.numeric("declared_monthly_revenue", 5000, false))
                .isEqualTo("declared monthly revenue: 5000");
        assertThat(ReasonPhrases.categorical("origin", null)).isEqualTo("origin: unknown");
    }
}
