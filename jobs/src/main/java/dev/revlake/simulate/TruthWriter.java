package dev.revlake.simulate;

import dev.revlake.simulate.World.Account;
import dev.revlake.simulate.World.Contact;
import dev.revlake.simulate.World.Opportunity;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the hidden truth the pipeline's models and checks are scored against:
 * {@code lead_conversion_daily.csv.gz}, {@code opportunities.csv} and {@code dirt.csv}.
 */
final class TruthWriter {

    private static final Logger LOG = LoggerFactory.getLogger(TruthWriter.class);

    /** Horizon of the conversion truth, in days. */
    static final int HORIZON = 30;

    private TruthWriter() {
    }

    static void write(SimulatorConfig config, Account[] accounts, Contact[] contacts,
                      List<Opportunity> opportunities, List<RawOutput.DirtEntry> manifest) throws IOException {
        Path dir = config.truthDir();
        long rows = writeLeadConversion(dir.resolve("lead_conversion_daily.csv.gz"), config, accounts, contacts);
        try (Writer w = writer(Files.newOutputStream(dir.resolve("opportunities.csv")))) {
            w.write("opportunity_id,account_id,contact_id,true_win_probability,is_won,created_date,"
                    + "actual_close_date,closed_in_simulation\n");
            long startDay = config.start().toEpochDay();
            for (Opportunity o : opportunities) {
                w.write(o.id + "," + accounts[o.account].id + "," + contacts[o.contact].id + ","
                        + prob(o.trueWinProbability) + "," + o.outcomeWon + ","
                        + LocalDate.ofEpochDay(startDay + o.createdDay) + ","
                        + LocalDate.ofEpochDay(startDay + o.closeDay) + "," + (o.closeDay < config.days()) + "\n");
            }
        }
        try (Writer w = writer(Files.newOutputStream(dir.resolve("dirt.csv")))) {
            w.write("source,dt,file,line,kind,expect_quarantine\n");
            for (RawOutput.DirtEntry e : manifest) {
                w.write(e.source().id() + "," + e.dt() + "," + e.file() + "," + e.line() + "," + e.kind().id() + ","
                        + e.kind().expectQuarantine() + "\n");
            }
        }
        LOG.info("Truth: {} lead-day rows, {} opportunities, {} dirt entries", rows, opportunities.size(),
                manifest.size());
    }

    /**
     * One row per day and lead known to the CRM by the end of that day and not converted by then:
     * the exact probability of converting within the next {@link #HORIZON} days given the hidden
     * account state, and what actually happened (empty when the window runs past the simulation).
     */
    private static long writeLeadConversion(Path file, SimulatorConfig config, Account[] accounts,
                                            Contact[] contacts) throws IOException {
        double[][] pByState = new double[contacts.length][];
        long rows = 0;
        OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED); // the file is large; speed matters more than size
            }
        };
        try (Writer w = writer(gz)) {
            w.write("date,contact_id,account_id,intent_state,p_convert_30d,converted_within_30d,converted_date\n");
            StringBuilder b = new StringBuilder(128);
            for (int d = 0; d < config.days(); d++) {
                String date = config.start().plusDays(d).toString();
                for (Contact p : contacts) {
                    // p.opp is set exactly when the person converted (also before the start).
                    boolean convertsLater = p.opp >= 0 && p.convertDay > d;
                    if (!p.known || p.knownDay > d || (p.opp >= 0 && !convertsLater)) {
                        continue;
                    }
                    int state = accounts[p.account].history[d];
                    boolean disqualified = p.disqualifyDay >= 0 && p.disqualifyDay <= d;
                    double prob;
                    if (disqualified) {
                        prob = 0;
                    } else {
                        if (pByState[p.idx] == null) {
                            pByState[p.idx] = IntentModel.convertWithin(HORIZON, p.fit);
                        }
                        prob = pByState[p.idx][state];
                    }
                    String outcome;
                    if (convertsLater && p.convertDay <= d + HORIZON) {
                        outcome = "true";
                    } else if (disqualified || (p.disqualifyDay >= 0 && p.disqualifyDay <= d + HORIZON)
                            || d + HORIZON <= config.days() - 1) {
                        outcome = "false";
                    } else {
                        outcome = ""; // censored: the window ends after the last simulated day
                    }
                    b.setLength(0);
                    b.append(date).append(',').append(p.id).append(',').append(accounts[p.account].id).append(',')
                            .append(IntentModel.name(state)).append(',').append(prob(prob)).append(',')
                            .append(outcome).append(',');
                    if (convertsLater) {
                        b.append(config.start().plusDays(p.convertDay));
                    }
                    b.append('\n');
                    w.append(b);
                    rows++;
                }
            }
        }
        return rows;
    }

    private static Writer writer(OutputStream out) {
        return new BufferedWriter(new OutputStreamWriter(new BufferedOutputStream(out, 1 << 16),
                StandardCharsets.UTF_8), 1 << 16);
    }

    /** Six decimals without going through String.format. */
    static String prob(double p) {
        long micro = Math.round(p * 1_000_000);
        if (micro >= 1_000_000) {
            return "1.000000";
        }
        String digits = Long.toString(1_000_000 + micro).substring(1);
        return "0." + digits;
    }
}
