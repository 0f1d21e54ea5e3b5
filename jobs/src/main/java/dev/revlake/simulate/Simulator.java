package dev.revlake.simulate;

import static dev.revlake.simulate.IntentModel.AWARE;
import static dev.revlake.simulate.IntentModel.DORMANT;
import static dev.revlake.simulate.IntentModel.EVALUATING;
import static dev.revlake.simulate.IntentModel.RESEARCHING;
import static dev.revlake.simulate.Times.DAY_MS;
import static dev.revlake.simulate.Vocabulary.SITE;

import dev.revlake.raw.Source;
import dev.revlake.simulate.World.Account;
import dev.revlake.simulate.World.Contact;
import dev.revlake.simulate.World.Opportunity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.text.Normalizer;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulates a B2B software vendor ("Quantaflow") selling to a market of accounts and writes what its
 * tools would export: website page views, ESP webhooks, form fills, webinar attendance and daily
 * CRM extracts, into the raw landing zone; plus the hidden truth into {@code truthDir}.
 *
 * <p>Hidden drivers: each account follows the {@link IntentModel} Markov chain; a person's
 * engagement is account intent times role. Leads convert to opportunities with the model's exact
 * daily hazard, opportunities get a true win probability at creation and an outcome drawn from it.
 * Everything is drawn from random streams seeded by the config seed and the day, so the output is
 * byte-identical for the same config.
 */
public final class Simulator {

    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    // Daily web sessions per person by intent state, before the role's engagement factor.
    private static final double[] SESSIONS = {0.012, 0.04, 0.10, 0.22, 0.32};
    private static final double[] PAGES_MEAN = {1.6, 2.0, 2.8, 3.6, 4.0};
    // E-mail open and click-given-open propensity by state, tuned to Mailchimp's 2019 benchmarks
    // (~21% unique opens, ~2.5% clicks of delivered; bounces 0.4% hard + 0.6% soft; 0.25% unsubscribes).
    private static final double[] OPEN = {0.15, 0.19, 0.26, 0.32, 0.36};
    private static final double[] CLICK_GIVEN_OPEN = {0.06, 0.09, 0.14, 0.18, 0.20};
    private static final double BOUNCE = 0.010;
    private static final double HARD_BOUNCE_SHARE = 0.40;
    private static final double UNSUBSCRIBE_GIVEN_OPEN = 0.012;
    private static final double[] WEBINAR_REGISTER = {0.0002, 0.001, 0.003, 0.004, 0.002};

    // Page types and their mix by state.
    private static final int HOME = 0, PRICING = 1, DEMO = 2, CASE = 3, DOCS = 4, BLOG = 5, PRODUCT = 6,
            CAREERS = 7;
    private static final double[][] PAGE_MIX = {
        {20, 3, 1, 5, 5, 50, 10, 6},
        {15, 6, 2, 8, 6, 45, 15, 3},
        {8, 12, 3, 18, 14, 25, 19, 1},
        {5, 22, 8, 18, 20, 7, 19, 1},
        {5, 22, 8, 10, 30, 4, 20, 1}};

    // Forms per session by state: demo_request, contact_sales, content_download, newsletter, free_trial.
    private static final String[] FORM_TYPES = {"demo_request", "contact_sales", "content_download",
        "newsletter", "free_trial"};
    private static final String[] FORM_PATHS = {"/demo", "/contact-sales", "/resources/", "/blog", "/free-trial"};
    private static final String[] FORM_LEAD_SOURCE = {"Web - Demo Request", "Web - Contact Sales",
        "Web - Content Download", "Web - Newsletter", "Web - Free Trial"};
    private static final double[][] FORM_P = {
        {0, 0, 0.004, 0.003, 0},
        {0.001, 0.0005, 0.010, 0.004, 0.001},
        {0.006, 0.002, 0.025, 0.004, 0.004},
        {0.030, 0.010, 0.020, 0.002, 0.012},
        {0.050, 0.025, 0.010, 0.001, 0.015}};

    private static final String[] INITIAL_LEAD_SOURCES = {"List Import", "Trade Show", "Web", "Partner Referral",
        "Outbound Prospecting"};

    private final SimulatorConfig config;

    private Account[] accounts;
    private Contact[] contacts;
    private String[] reps;
    private final List<Opportunity> opportunities = new ArrayList<>();
    private final List<Opportunity> active = new ArrayList<>();
    private final List<List<Integer>> webinarRegistrants = new ArrayList<>();
    private RawOutput out;
    private long startMs;
    private int day;
    private long dayMs;
    private SplittableRandom rng;
    private int[] modifiedAccounts;
    private int modifiedAccountCount;
    private int[] modifiedContacts;
    private int modifiedContactCount;
    private long activitySeq;
    private long opportunitiesWon;
    private long opportunitiesLost;

    /** @param config what to simulate; validated by its constructor */
    public Simulator(SimulatorConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    /**
     * Runs the simulation, writing raw files and truth files.
     *
     * @param listener called after each simulated day
     * @return counts and speed of the run
     * @throws UncheckedIOException when a file cannot be written
     */
    public SimulationSummary run(ProgressListener listener) {
        long t0 = System.nanoTime();
        LOG.info("Simulating {} contacts over {} days from {} (dirt rate {})", config.contacts(), config.days(),
                config.start(), config.dirtRate());
        startMs = config.start().toEpochDay() * DAY_MS;
        buildWorld(new SplittableRandom(config.seed()));
        out = new RawOutput(config.rawDir(), config.seed(), config.dirtRate(), config.days(),
                RawOutput.MAX_PART_BYTES);
        try (RawOutput o = out) {
            for (day = 0; day < config.days(); day++) {
                simulateDay();
                listener.dayFinished(day, config.start().plusDays(day), out.totalRecords());
            }
        }
        try {
            Files.createDirectories(config.truthDir());
            TruthWriter.write(config, accounts, contacts, opportunities, out.manifest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write truth to " + config.truthDir(), e);
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long total = out.totalRecords();
        SimulationSummary summary = new SimulationSummary(out.recordCounts(), out.dirtCounts(), contacts.length,
                accounts.length, reps.length, opportunities.size(), opportunitiesWon, opportunitiesLost, elapsed,
                total / Math.max(elapsed, 1e-9));
        LOG.info("Wrote {} records ({} dirty) in {} s: {} records/s", total, summary.totalDirt(),
                String.format(Locale.ROOT, "%.2f", elapsed), String.format(Locale.ROOT, "%.0f",
                        summary.eventsPerSecond()));
        return summary;
    }

    // ------------------------------------------------------------------ world

    private void buildWorld(SplittableRandom r) {
        int n = config.contacts();
        reps = new String[Math.max(3, (int) Math.round(n / 400.0))];
        for (int i = 0; i < reps.length; i++) {
            reps[i] = "005" + pad(i + 1);
        }
        int na = Math.max(1, (int) Math.round(n / 6.0));
        accounts = new Account[na];
        int combos = Vocabulary.NAME_A.length * Vocabulary.NAME_B.length * Vocabulary.NAME_C.length;
        int nameOffset = r.nextInt(combos);
        double[] weight = new double[na];
        for (int i = 0; i < na; i++) {
            Account a = new Account(i);
            a.id = "001" + pad(i + 1);
            int k = (int) ((i * 7919L + nameOffset) % combos);
            String wa = Vocabulary.NAME_A[k % Vocabulary.NAME_A.length];
            String wb = Vocabulary.NAME_B[k / Vocabulary.NAME_A.length % Vocabulary.NAME_B.length];
            String wc = Vocabulary.NAME_C[k / (Vocabulary.NAME_A.length * Vocabulary.NAME_B.length)];
            String serial = i >= combos ? String.valueOf(i / combos + 1) : "";
            a.name = wa + wb + (serial.isEmpty() ? "" : " " + serial) + " " + wc;
            a.domain = (wa + wb + wc + serial).toLowerCase(Locale.ROOT) + ".example";
            a.industry = pick(r, Vocabulary.INDUSTRY_WEIGHT);
            a.country = Vocabulary.COUNTRIES[pick(r, Vocabulary.COUNTRY_WEIGHT)];
            // Heavy-tailed company size: log-normal, median ~120 employees.
            a.employees = (int) Math.max(2, Math.min(250_000, Math.round(StrictMath.exp(Math.log(120) + 1.6 * gauss(r)))));
            double revenuePerEmployee = StrictMath.exp(Math.log(180_000) + 0.5 * gauss(r));
            a.revenueCents = Math.round(a.employees * revenuePerEmployee / 1000.0) * 1000 * 100;
            a.owner = r.nextInt(reps.length);
            a.createdMs = startMs - (30 + r.nextInt(1500)) * DAY_MS + r.nextLong(DAY_MS);
            a.updatedMs = a.createdMs;
            a.state = IntentModel.initialState(r.nextDouble());
            a.sizeFit = a.employees < 20 ? 0.5 : a.employees < 50 ? 0.8 : a.employees < 5000 ? 1.2
                    : a.employees < 20000 ? 1.0 : 0.8;
            a.history = new byte[config.days()];
            weight[i] = 1 + StrictMath.log(a.employees);
            accounts[i] = a;
        }
        // Contacts: one per account first, the rest by size-weighted draw, at most 15 per account.
        contacts = new Contact[n];
        int[] sizes = new int[na];
        int[] accountOf = new int[n];
        double[] cumulative = new double[na];
        double acc = 0;
        for (int i = 0; i < na; i++) {
            acc += weight[i];
            cumulative[i] = acc;
        }
        for (int c = 0; c < n; c++) {
            int a;
            if (c < na) {
                a = c;
            } else {
                do {
                    int idx = Arrays.binarySearch(cumulative, r.nextDouble() * acc);
                    a = Math.min(na - 1, idx >= 0 ? idx : -idx - 1);
                } while (sizes[a] >= 15);
            }
            sizes[a]++;
            accountOf[c] = a;
        }
        for (int i = 0; i < na; i++) {
            accounts[i].contacts = new int[sizes[i]];
            sizes[i] = 0;
        }
        Set<String> emails = new HashSet<>();
        for (int c = 0; c < n; c++) {
            Account a = accounts[accountOf[c]];
            a.contacts[sizes[a.idx]++] = c;
            contacts[c] = buildContact(r, c, a, emails);
        }
        // Initial CRM load: part of the market is already known as leads, some already in a deal.
        for (Account a : accounts) {
            for (int c : a.contacts) {
                Contact p = contacts[c];
                if (r.nextDouble() < 0.45) {
                    makeInitialLead(r, p, a);
                }
            }
            boolean warm = a.state >= EVALUATING ? r.nextDouble() < 0.6
                    : a.state == RESEARCHING && r.nextDouble() < 0.15;
            if (warm) {
                int c = a.contacts[r.nextInt(a.contacts.length)];
                Contact p = contacts[c];
                if (!p.known) {
                    makeInitialLead(r, p, a);
                }
                createInitialOpportunity(r, a, p);
            }
        }
        modifiedAccounts = new int[na];
        modifiedContacts = new int[n];
        LOG.info("World: {} accounts, {} contacts, {} reps, {} open opportunities at start", na, n, reps.length,
                opportunities.size());
    }

    private Contact buildContact(SplittableRandom r, int idx, Account a, Set<String> emails) {
        Contact p = new Contact(idx);
        p.id = "003" + pad(idx + 1);
        p.account = a.idx;
        p.first = Vocabulary.FIRST[r.nextInt(Vocabulary.FIRST.length)];
        p.last = Vocabulary.LAST[r.nextInt(Vocabulary.LAST.length)];
        int dept = pick(r, Vocabulary.DEPARTMENT_WEIGHT);
        double[] seniorityWeight = new double[Vocabulary.SENIORITY.length];
        for (int i = 0; i < seniorityWeight.length; i++) {
            seniorityWeight[i] = Double.parseDouble(Vocabulary.SENIORITY[i][1]);
        }
        int level = pick(r, seniorityWeight);
        String deptName = Vocabulary.DEPARTMENTS[dept];
        if (level == 0) {
            p.title = Vocabulary.C_LEVEL[dept];
        } else if ((level == 5 || level == 6) && r.nextBoolean()) {
            String ic = Vocabulary.IC_TITLES[dept][r.nextInt(3)];
            p.title = level == 5 ? "Senior " + ic : ic;
        } else {
            p.title = String.format(Locale.ROOT, Vocabulary.SENIORITY[level][0], deptName);
        }
        p.country = r.nextDouble() < 0.8 ? a.country : Vocabulary.COUNTRIES[pick(r, Vocabulary.COUNTRY_WEIGHT)];
        p.fit = Vocabulary.INDUSTRY_FIT[a.industry] * a.sizeFit * Vocabulary.SENIORITY_FIT[level]
                * Vocabulary.DEPARTMENT_FIT[dept];
        p.engagement = Vocabulary.SENIORITY_ENGAGEMENT[level] * Vocabulary.DEPARTMENT_ENGAGEMENT[dept]
                * StrictMath.exp(0.4 * gauss(r));
        double u = r.nextDouble();
        p.devices = 1 + (u < 0.45 ? 1 : 0) + (u < 0.12 ? 1 : 0);
        String f = ascii(p.first);
        String l = ascii(p.last);
        double style = r.nextDouble();
        String local = style < 0.7 ? f + "." + l : style < 0.9 ? f.charAt(0) + l : f;
        String email = local + "@" + a.domain;
        for (int k = 2; !emails.add(email); k++) {
            email = local + k + "@" + a.domain;
        }
        p.email = email;
        return p;
    }

    private void makeInitialLead(SplittableRandom r, Contact p, Account a) {
        p.known = true;
        p.knownDay = -1;
        p.crmHasTitle = true;
        p.createdMs = Math.max(a.createdMs, startMs - (1 + r.nextInt(700)) * DAY_MS) + r.nextLong(DAY_MS / 2);
        p.createdMs = Math.min(p.createdMs, startMs - 1000);
        p.updatedMs = Math.min(startMs - 1, p.createdMs + r.nextLong(60 * DAY_MS));
        double u = r.nextDouble();
        p.status = u < 0.25 ? World.OPEN : u < 0.40 ? World.WORKING : World.NURTURING;
        p.leadSource = INITIAL_LEAD_SOURCES[r.nextInt(INITIAL_LEAD_SOURCES.length)];
        if (!a.inCrm) {
            a.inCrm = true;
            a.createdMs = Math.min(a.createdMs, p.createdMs);
        }
        a.updatedMs = Math.max(a.updatedMs, p.createdMs);
    }

    private void createInitialOpportunity(SplittableRandom r, Account a, Contact p) {
        // Plan the deal as if created on day 0, then move it into the past by part of its own cycle,
        // so that it is still open on the first day whatever its planned length.
        Opportunity o = newOpportunity(r, a, p, startMs, 0);
        int shift = -1 - r.nextInt(Math.max(1, o.closeDay - 1));
        o.createdDay += shift;
        o.closeDay += shift;
        for (int k = 1; k <= o.lastStage; k++) {
            o.stageDay[k] += shift;
        }
        o.closeDate += shift;
        o.createdMs = startMs + shift * DAY_MS + businessTime(r);
        o.stageChangedMs = o.createdMs;
        o.name = opportunityName(r, a, o.createdMs);
        p.createdMs = Math.min(p.createdMs, o.createdMs - DAY_MS);
        a.createdMs = Math.min(a.createdMs, p.createdMs);
        p.updatedMs = Math.max(p.updatedMs, p.createdMs);
        p.status = World.CONVERTED;
        p.convertDay = o.createdDay;
        p.convertedMs = o.createdMs;
        p.opp = o.idx;
        p.updatedMs = Math.max(p.updatedMs, o.createdMs);
        a.updatedMs = Math.max(a.updatedMs, o.createdMs);
        // Bring the opportunity to where it stands on the first day.
        while (o.stage < o.lastStage && o.stageDay[o.stage + 1] < 0) {
            o.stage++;
            o.stageChangedMs = startMs + o.stageDay[o.stage] * DAY_MS + businessTime(r);
        }
        while (o.closeDate < config.start().toEpochDay()) {
            o.closeDate += 14 + r.nextInt(32); // already slipped before the simulation started
        }
    }

    private static int plannedCycle(SplittableRandom r, boolean won) {
        // Won deals: median 75 days (B2B SaaS 60-90); lost deals die sooner, median 45 days.
        double median = won ? 75 : 45;
        double sigma = won ? 0.45 : 0.7;
        return (int) Math.max(won ? 14 : 3, Math.min(365, Math.round(median * StrictMath.exp(sigma * gauss(r)))));
    }

    private Opportunity newOpportunity(SplittableRandom r, Account a, Contact p, long createdMs, int createdDay) {
        Opportunity o = new Opportunity(opportunities.size());
        o.id = "006" + pad(o.idx + 1);
        o.account = a.idx;
        o.contact = p.idx;
        o.owner = a.owner;
        o.leadSource = p.leadSource;
        o.createdMs = createdMs;
        o.createdDay = createdDay;
        o.stageChangedMs = createdMs;
        double z = -1.65 + 0.9 * StrictMath.log(p.fit) + 0.35 * (a.state - 2) + 0.45 * gauss(r);
        o.trueWinProbability = 1 / (1 + StrictMath.exp(-z));
        o.outcomeWon = r.nextDouble() < o.trueWinProbability;
        int cycle = plannedCycle(r, o.outcomeWon);
        double[] frac = {0, 0.12, 0.40, 0.70, 1.0};
        o.lastStage = o.outcomeWon ? 3 : pick(r, new double[] {30, 35, 20, 15});
        double end = o.outcomeWon ? 1.0 : frac[o.lastStage + 1];
        for (int k = 1; k <= o.lastStage; k++) {
            o.stageDay[k] = createdDay + Math.max(k, (int) Math.round(frac[k] / end * cycle));
        }
        o.closeDay = createdDay + Math.max(o.lastStage + 1, cycle);
        double amount = 6000 * StrictMath.pow(Math.max(a.employees, 5) / 50.0, 0.4) * StrictMath.exp(0.35 * gauss(r));
        o.amountCents = Math.max(1500, Math.round(amount / 100) * 100) * 100L;
        // Reps forecast optimistically (median 35 days against 45-75 real), so most deals slip at least once.
        long estimate = Math.max(14, Math.round(35 * StrictMath.exp(0.35 * gauss(r))));
        o.closeDate = config.start().toEpochDay() + createdDay + estimate;
        o.name = opportunityName(r, a, createdMs);
        opportunities.add(o);
        active.add(o);
        a.openOpp = o.idx;
        return o;
    }

    private static String opportunityName(SplittableRandom r, Account a, long createdMs) {
        String[] products = {"Platform", "Attribution", "Forecasting", "Enterprise"};
        return a.name + " - " + products[r.nextInt(products.length)] + " "
                + LocalDate.ofEpochDay(Math.floorDiv(createdMs, DAY_MS)).getYear();
    }

    // ------------------------------------------------------------------ days

    private void simulateDay() {
        LocalDate date = config.start().plusDays(day);
        dayMs = startMs + day * DAY_MS;
        rng = new SplittableRandom(mix(config.seed(), day + 1L));
        out.startDay(day, date);
        modifiedAccountCount = 0;
        modifiedContactCount = 0;
        for (Account a : accounts) {
            if (day > 0) {
                a.state = IntentModel.next(a.state, rng.nextDouble());
            }
            a.history[day] = (byte) a.state;
        }
        if (day == 0) {
            initialLoad();
        }
        DayOfWeek dow = date.getDayOfWeek();
        boolean weekend = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
        if (dow == DayOfWeek.TUESDAY) {
            campaign(date, "newsletter", false, "/blog/" + Vocabulary.SLUGS[day / 7 % Vocabulary.SLUGS.length]);
        } else if (dow == DayOfWeek.THURSDAY) {
            campaign(date, "nurture", true, "/case-studies/" + Vocabulary.CUSTOMERS[day / 7 % Vocabulary.CUSTOMERS.length]);
        }
        if (nextWebinar(day) - day == 7 && !weekend) {
            campaign(date, "webinar-invite", false, "/webinars/" + webinarSlug(nextWebinar(day)));
        }
        browse(weekend);
        webinars();
        if (!weekend) {
            // Enrichment tools refresh a few firmographics every working day.
            for (Account a : accounts) {
                if (a.inCrm && rng.nextDouble() < 0.0005) {
                    a.employees = Math.max(2, (int) Math.round(a.employees * (0.9 + 0.25 * rng.nextDouble())));
                    touchAccount(a, dayMs + businessTime(rng));
                }
            }
        }
        leads(weekend);
        opportunities(date, weekend);
        writeCrmExtracts();
        out.endDay();
    }

    private void initialLoad() {
        for (Account a : accounts) {
            if (a.inCrm) {
                a.modDay = 0;
                modifiedAccounts[modifiedAccountCount++] = a.idx;
            }
        }
        for (Contact p : contacts) {
            if (p.known) {
                p.modDay = 0;
                modifiedContacts[modifiedContactCount++] = p.idx;
            }
        }
    }

    private static int nextWebinar(int d) {
        // A webinar every second Wednesday-ish: days 6, 20, 34, ...
        return 6 + Math.max(0, Math.floorDiv(d - 6, 14) + 1) * 14;
    }

    private String webinarSlug(int webinarDay) {
        return "web-" + config.start().plusDays(webinarDay);
    }

    // ------------------------------------------------------------------ e-mail

    private void campaign(LocalDate date, String kind, boolean leadsOnly, String landingPath) {
        String campaignId = "cmp-" + date + "-" + kind;
        long sendStart = dayMs + 14 * 3_600_000L + rng.nextLong(1_800_000L);
        for (Contact p : contacts) {
            if (!p.known || p.knownDay >= day || p.unsubscribed || p.bounced
                    || (leadsOnly && !p.isOpenLead())) {
                continue;
            }
            int state = accounts[p.account].state;
            long t = sendStart + rng.nextLong(1_800_000L);
            String messageId = "msg-" + uuid(rng);
            email("sent", t, p.email, campaignId, messageId, null, null, null, null);
            if (rng.nextDouble() < BOUNCE) {
                boolean hard = rng.nextDouble() < HARD_BOUNCE_SHARE;
                email("bounce", t + 1000 + rng.nextLong(60_000), p.email, campaignId, messageId, null, null,
                        hard ? "hard" : "soft", null);
                p.bounced |= hard;
                continue;
            }
            long delivered = t + 500 + rng.nextLong(20_000);
            email("delivered", delivered, p.email, campaignId, messageId, null, null, null, null);
            double openP = Math.min(0.9, OPEN[state] * (0.6 + 0.4 * p.engagement));
            if (rng.nextDouble() >= openP) {
                continue;
            }
            long opened = cap(delivered + (long) (-StrictMath.log(1 - rng.nextDouble()) * 7_200_000L));
            String mailAgent = Vocabulary.MAIL_AGENTS[rng.nextInt(Vocabulary.MAIL_AGENTS.length)];
            email("open", opened, p.email, campaignId, messageId, null, null, null, mailAgent);
            if (rng.nextDouble() < CLICK_GIVEN_OPEN[state]) {
                long clicked = cap(opened + 5000 + rng.nextLong(300_000));
                int device = rng.nextInt(p.devices);
                String anon = deviceId(p.idx, device);
                String query = "?utm_source=newsletter&utm_medium=email&utm_campaign=" + campaignId;
                email("click", clicked, p.email, campaignId, messageId, SITE + landingPath + query, anon, null,
                        mailAgent);
                session(p, device, state, cap(clicked + 1500), new String[] {SITE + landingPath + query, null,
                        "newsletter", "email", campaignId, null, null});
            }
            if (rng.nextDouble() < UNSUBSCRIBE_GIVEN_OPEN) {
                email("unsubscribe", cap(opened + 20_000 + rng.nextLong(600_000)), p.email, campaignId, messageId,
                        null, null, null, mailAgent);
                p.unsubscribed = true;
            }
        }
    }

    private void email(String type, long ms, String address, String campaignId, String messageId, String url,
                       String anonymousId, String bounceType, String userAgent) {
        out.emit(Source.EMAIL_EVENTS, new String[] {uuid(rng), type, Times.formatUtc(ms), address, campaignId,
            messageId, url, anonymousId, bounceType, userAgent});
    }

    // ------------------------------------------------------------------ web

    private void browse(boolean weekend) {
        double dayFactor = weekend ? 0.3 : 1.0;
        for (Contact p : contacts) {
            int state = accounts[p.account].state;
            double lambda = SESSIONS[state] * p.engagement * dayFactor;
            double u = rng.nextDouble();
            if (u >= lambda) {
                continue;
            }
            int sessions = u < lambda * lambda * 0.5 ? 2 : 1;
            for (int s = 0; s < sessions; s++) {
                session(p, rng.nextInt(p.devices), state, dayMs + businessTime(rng), null);
            }
        }
        // Purely anonymous visitors (students, job seekers, competitors, bots that pass filters): a pool
        // of cookies four times the market, never identified. They keep visitor-to-lead near 1-2%.
        int pool = config.contacts() * 4;
        long visits = Math.round(config.contacts() * 0.14 * dayFactor * (0.85 + 0.3 * rng.nextDouble()));
        for (long v = 0; v < visits; v++) {
            int device = rng.nextInt(pool);
            int state = rng.nextDouble() < 0.7 ? DORMANT : AWARE;
            session(null, -1 - device, state, dayMs + businessTime(rng), null);
        }
    }

    /**
     * One visit. {@code device} < 0 marks an anonymous pool cookie. {@code landing}, when given, holds
     * url, referrer and the five utm values of the first page (an e-mail click).
     */
    private void session(Contact p, int device, int state, long start, String[] landing) {
        long deviceKey = p == null ? device : p.idx * 4L + device;
        String anon = p == null ? deviceId(-1, -device) : deviceId(p.idx, device);
        long h = mix(config.seed(), deviceKey ^ 0x1B5L);
        String ua = Vocabulary.USER_AGENTS[(int) Math.floorMod(h, (long) Vocabulary.USER_AGENTS.length)];
        String ip = ((h >>> 20) & 1) == 0 ? "198.51.100." + ((h >>> 8) & 0xFF) : "203.0.113." + ((h >>> 8) & 0xFF);
        double meanPages = PAGES_MEAN[state];
        int pages = 1;
        while (pages < 15 && rng.nextDouble() < 1 - 1 / meanPages) {
            pages++;
        }
        String[] first = landing != null ? landing : landing();
        long t = start;
        String previous = null;
        int lastType = -1;
        String lastUrl = null;
        for (int i = 0; i < pages; i++) {
            String url;
            String title;
            if (i == 0 && landing != null) {
                url = first[0];
                title = "Quantaflow";
            } else {
                lastType = pick(rng, PAGE_MIX[state]);
                String[] page = page(lastType);
                url = page[0];
                title = page[1];
                if (i == 0 && first[2] != null) {
                    url = url + "?utm_source=" + first[2] + "&utm_medium=" + first[3] + "&utm_campaign=" + first[4];
                }
            }
            String referrer = i == 0 ? first[1] : previous;
            out.emit(Source.WEB_PAGEVIEWS, new String[] {uuid(rng), "page", Times.formatUtc(cap(t)), anon, url,
                title, referrer, i == 0 ? first[2] : null, i == 0 ? first[3] : null, i == 0 ? first[4] : null,
                i == 0 ? first[5] : null, i == 0 ? first[6] : null, ua, ip});
            previous = url;
            lastUrl = url;
            t += 8_000 + rng.nextLong(180_000);
        }
        if (p != null) {
            maybeForm(p, anon, state, cap(t), lastType, lastUrl);
        }
    }

    /** Landing channel: url placeholder, referrer, utm_source, utm_medium, utm_campaign, utm_content, utm_term. */
    private String[] landing() {
        double u = rng.nextDouble();
        if (u < 0.25) {
            return new String[] {null, null, null, null, null, null, null};
        } else if (u < 0.60) {
            return new String[] {null, "https://www.google.com/", null, null, null, null, null};
        } else if (u < 0.75) {
            String[] terms = {"revenue analytics", "b2b attribution software", "pipeline forecasting tool",
                "quantaflow"};
            int k = rng.nextInt(terms.length);
            return new String[] {null, "https://www.google.com/", "google", "cpc",
                k == 3 ? "brand-search" : "revenue-analytics-search", "text-ad-" + (1 + rng.nextInt(3)), terms[k]};
        } else if (u < 0.85) {
            return new String[] {null, "https://www.linkedin.com/", "linkedin", "paid_social", "abm-q1",
                "carousel-" + (1 + rng.nextInt(4)), null};
        } else if (u < 0.95) {
            String[] refs = {"https://www.g2.com/", "https://www.capterra.com/", "https://news.ycombinator.com/"};
            return new String[] {null, refs[rng.nextInt(refs.length)], null, null, null, null, null};
        }
        return new String[] {null, null, "newsletter", "email", "forwarded", null, null};
    }

    private String[] page(int type) {
        String slug = Vocabulary.SLUGS[rng.nextInt(Vocabulary.SLUGS.length)];
        return switch (type) {
            case HOME -> new String[] {SITE + "/", "Quantaflow | Revenue analytics for B2B teams"};
            case PRICING -> new String[] {SITE + "/pricing", "Pricing | Quantaflow"};
            case DEMO -> new String[] {SITE + "/demo", "Book a demo | Quantaflow"};
            case CASE -> {
                String c = Vocabulary.CUSTOMERS[rng.nextInt(Vocabulary.CUSTOMERS.length)];
                yield new String[] {SITE + "/case-studies/" + c, "Case study: " + c + " | Quantaflow"};
            }
            case DOCS -> new String[] {SITE + "/docs/" + slug, "Docs: " + slug + " | Quantaflow"};
            case BLOG -> new String[] {SITE + "/blog/" + slug, slug.replace('-', ' ') + " | Quantaflow blog"};
            case PRODUCT -> {
                String pp = Vocabulary.PRODUCT_PAGES[rng.nextInt(Vocabulary.PRODUCT_PAGES.length)];
                yield new String[] {SITE + "/product/" + pp, "Product: " + pp + " | Quantaflow"};
            }
            default -> new String[] {SITE + "/careers", "Careers | Quantaflow"};
        };
    }

    // ------------------------------------------------------------------ forms, leads

    private void maybeForm(Contact p, String anon, int state, long t, int lastType, String lastUrl) {
        double u = rng.nextDouble();
        double[] probs = FORM_P[state];
        int form = -1;
        double acc = 0;
        for (int i = 0; i < probs.length; i++) {
            acc += probs[i];
            if (u < acc) {
                form = i;
                break;
            }
        }
        if (form < 0) {
            return;
        }
        String slug = Vocabulary.SLUGS[rng.nextInt(Vocabulary.SLUGS.length)];
        String formId = form == 2 ? "form-ebook-" + slug : "form-" + FORM_TYPES[form].replace('_', '-');
        String pageUrl = form == 2 ? SITE + "/resources/" + slug : form == 3 && lastUrl != null
                ? lastUrl : SITE + FORM_PATHS[form];
        boolean rich = form == 0 || form == 1 || form == 4;
        submitForm(p, anon, t, formId, FORM_TYPES[form], pageUrl, rich, FORM_LEAD_SOURCE[form]);
    }

    private void submitForm(Contact p, String anon, long t, String formId, String formType, String pageUrl,
                            boolean rich, String leadSource) {
        Account a = accounts[p.account];
        boolean named = rich || rng.nextDouble() < 0.7;
        out.emit(Source.FORM_SUBMISSIONS, new String[] {uuid(rng), Times.formatUtc(t), formId, formType, anon,
            p.email, named ? p.first : null, named ? p.last : null, named ? a.name : null, rich ? p.title : null,
            rich ? p.country : null, pageUrl});
        long crmMs = cap(t + 60_000 + rng.nextLong(600_000));
        if (!p.known) {
            // Marketing automation creates the lead within minutes of the fill.
            p.known = true;
            p.knownDay = day;
            p.crmHasTitle = rich;
            p.createdMs = crmMs;
            p.updatedMs = crmMs;
            p.status = World.OPEN;
            p.leadSource = leadSource;
            if (!a.inCrm) {
                a.inCrm = true;
                a.createdMs = crmMs;
                a.updatedMs = crmMs;
            }
            touchAccount(a, crmMs);
            touchContact(p, crmMs);
        } else if (p.isOpenLead() && p.status == World.NURTURING && rich) {
            p.status = World.OPEN; // a hand-raiser is recycled back to sales
            touchContact(p, crmMs);
        }
    }

    private void webinars() {
        int next = nextWebinar(day);
        int index = next / 14;
        while (webinarRegistrants.size() <= index) {
            webinarRegistrants.add(new ArrayList<>());
        }
        if (next - day <= 10) {
            String webinarId = webinarSlug(next);
            String title = Vocabulary.WEBINARS[index % Vocabulary.WEBINARS.length];
            for (Contact p : contacts) {
                int state = accounts[p.account].state;
                if (p.webinar == next || rng.nextDouble() >= WEBINAR_REGISTER[state] * p.engagement) {
                    continue;
                }
                p.webinar = next;
                webinarRegistrants.get(index).add(p.idx);
                long t = dayMs + businessTime(rng);
                int device = rng.nextInt(p.devices);
                submitForm(p, deviceId(p.idx, device), t, "form-webinar-" + webinarId, "webinar_registration",
                        SITE + "/webinars/" + webinarId, true, "Webinar");
                out.emit(Source.WEBINAR_ATTENDANCE, new String[] {uuid(rng), "registered",
                    Times.formatUtc(cap(t + 2000 + rng.nextLong(30_000))), webinarId, title, p.email, null});
            }
        }
        if (day >= 6 && (day - 6) % 14 == 0) {
            int today = day / 14;
            String webinarId = webinarSlug(day);
            String title = Vocabulary.WEBINARS[today % Vocabulary.WEBINARS.length];
            List<Integer> registered = today < webinarRegistrants.size() ? webinarRegistrants.get(today) : List.of();
            for (int c : registered) {
                Contact p = contacts[c];
                int state = accounts[p.account].state;
                if (rng.nextDouble() < 0.40 + 0.05 * state) {
                    int minutes = Math.min(60, 5 + rng.nextInt(30) + state * 5 + rng.nextInt(10));
                    out.emit(Source.WEBINAR_ATTENDANCE, new String[] {uuid(rng), "attended",
                        Times.formatUtc(dayMs + 16 * 3_600_000L + rng.nextLong(600_000)), webinarId, title, p.email,
                        String.valueOf(minutes)});
                }
            }
        }
    }

    private void leads(boolean weekend) {
        for (Contact p : contacts) {
            if (!p.isOpenLead() || p.knownDay >= day) {
                continue;
            }
            Account a = accounts[p.account];
            int s = a.state;
            // The one draw the truth depends on: convert, disqualify, or stay a lead.
            double u = rng.nextDouble();
            double h = IntentModel.convertHazard(s, p.fit);
            if (u < h) {
                convert(p, a, dayMs + businessTime(rng));
                continue;
            }
            if (u < h + IntentModel.disqualifyHazard(s)) {
                p.disqualifyDay = day;
                p.status = World.DISQUALIFIED;
                touchContact(p, dayMs + businessTime(rng));
                continue;
            }
            if (weekend) {
                continue;
            }
            int before = p.status;
            double v = rng.nextDouble();
            switch (p.status) {
                case World.OPEN -> p.status = v < 0.25 ? World.WORKING : p.status;
                case World.WORKING -> p.status = v < new double[] {0, 0.002, 0.01, 0.03, 0.06}[s] ? World.QUALIFIED
                        : s <= AWARE && v > 0.98 ? World.NURTURING : p.status;
                case World.NURTURING -> p.status = s >= RESEARCHING && v < 0.05 ? World.WORKING : p.status;
                case World.QUALIFIED -> p.status = s <= AWARE && v < 0.02 ? World.NURTURING : p.status;
                default -> { }
            }
            if (p.status != before) {
                touchContact(p, dayMs + businessTime(rng));
            }
            if ((p.status == World.WORKING || p.status == World.QUALIFIED) && rng.nextDouble() < 0.15) {
                activity(a, p, null, false);
            }
        }
    }

    private void convert(Contact p, Account a, long t) {
        p.convertDay = day;
        p.status = World.CONVERTED;
        p.convertedMs = t;
        if (a.openOpp >= 0) {
            p.opp = a.openOpp; // joins the buying committee of the open deal
        } else {
            p.opp = newOpportunity(rng, a, p, t, day).idx;
        }
        touchContact(p, t);
        touchAccount(a, t);
    }

    private void activity(Account a, Contact p, Opportunity o, boolean deal) {
        double u = rng.nextDouble();
        String type;
        String outcome;
        String duration;
        String subject;
        String topic = o == null ? "intro" : World.STAGE[o.stage];
        if (u < (deal ? 0.3 : 0.05)) {
            type = "meeting";
            double m = rng.nextDouble();
            outcome = m < 0.8 ? "completed" : m < 0.9 ? "rescheduled" : "no_show";
            duration = outcome.equals("completed") ? String.valueOf(new int[] {30, 45, 60}[rng.nextInt(3)]) : "0";
            subject = deal ? "Meeting: " + topic : "Discovery meeting";
        } else if (u < (deal ? 0.7 : 0.65)) {
            type = "call";
            double m = rng.nextDouble();
            outcome = m < 0.35 ? "connected" : m < 0.75 ? "left_voicemail" : "no_answer";
            duration = outcome.equals("connected") ? String.valueOf(2 + rng.nextInt(28)) : "0";
            subject = deal ? "Call: " + topic : "Prospecting call";
        } else {
            type = "email";
            outcome = rng.nextDouble() < 0.2 ? "replied" : "sent";
            duration = null;
            subject = deal ? "Follow-up: " + topic : "Quick question about revenue reporting";
        }
        out.emit(Source.CRM_ACTIVITIES, new String[] {"00T" + pad(++activitySeq), type,
            Times.formatUtc(dayMs + businessTime(rng)), reps[o == null ? a.owner : o.owner], p == null ? null : p.id,
            a.id, o == null ? null : o.id, duration, outcome, subject});
    }

    // ------------------------------------------------------------------ opportunities

    private void opportunities(LocalDate date, boolean weekend) {
        String snapshotDate = date.toString();
        long epochDay = date.toEpochDay();
        List<Opportunity> stillOpen = new ArrayList<>(active.size());
        for (Opportunity o : active) {
            Account a = accounts[o.account];
            if (day == o.closeDay) {
                o.stage = o.outcomeWon ? World.CLOSED_WON : World.CLOSED_LOST;
                o.closedMs = dayMs + businessTime(rng);
                o.stageChangedMs = o.closedMs;
                o.closeDate = epochDay;
                o.closed = true;
                if (o.outcomeWon) {
                    opportunitiesWon++;
                } else {
                    opportunitiesLost++;
                }
                if (a.openOpp == o.idx) {
                    a.openOpp = -1;
                }
            } else {
                advance(o);
                if (o.closeDate <= epochDay + 2 && o.closeDay + config.start().toEpochDay() > o.closeDate) {
                    o.closeDate = Math.max(o.closeDate, epochDay) + 14 + rng.nextInt(32); // the deal slips
                }
            }
            if (!weekend && rng.nextDouble() < 0.25) {
                activity(a, contacts[o.contact], o, true);
            }
            out.emit(Source.CRM_OPPORTUNITIES, new String[] {snapshotDate, o.id, a.id, contacts[o.contact].id,
                o.name, reps[o.owner], World.STAGE[o.stage], Times.money(o.amountCents),
                LocalDate.ofEpochDay(o.closeDate).toString(), World.STAGE_PROBABILITY[o.stage], o.leadSource,
                Times.formatUtc(o.createdMs), Times.formatUtc(o.stageChangedMs),
                o.closed ? Times.formatUtc(o.closedMs) : null, String.valueOf(o.closed),
                String.valueOf(o.closed && o.outcomeWon)});
            if (!o.closed) {
                stillOpen.add(o);
            }
        }
        active.clear();
        active.addAll(stillOpen);
    }

    private void advance(Opportunity o) {
        if (day == o.regressDay && o.stage > 0) {
            o.stage--;
            o.stageChangedMs = dayMs + businessTime(rng);
            return;
        }
        if (day == o.resumeDay) {
            o.stage++;
            o.stageChangedMs = dayMs + businessTime(rng);
            return;
        }
        boolean moved = false;
        while (o.stage < o.lastStage && o.stageDay[o.stage + 1] <= day) {
            o.stage++;
            moved = true;
        }
        if (!moved) {
            return;
        }
        o.stageChangedMs = dayMs + businessTime(rng);
        if (o.stage >= 2 && rng.nextDouble() < 0.3) {
            // Scope is renegotiated once the proposal is on the table.
            long dollars = Math.round(o.amountCents / 100.0 * (0.8 + 0.35 * rng.nextDouble()) / 100) * 100;
            o.amountCents = Math.max(1500, dollars) * 100L;
        }
        int nextChange = o.stage < o.lastStage ? o.stageDay[o.stage + 1] : o.closeDay;
        if (o.stage >= 2 && rng.nextDouble() < 0.04 && nextChange - day > 12) {
            o.regressDay = day + 3 + rng.nextInt(4);
            o.resumeDay = o.regressDay + 2 + rng.nextInt(5);
        }
    }

    // ------------------------------------------------------------------ CRM extracts

    private void touchAccount(Account a, long ms) {
        if (a.modDay != day) {
            a.modDay = day;
            modifiedAccounts[modifiedAccountCount++] = a.idx;
        }
        a.updatedMs = Math.max(a.updatedMs, ms);
    }

    private void touchContact(Contact p, long ms) {
        if (p.modDay != day) {
            p.modDay = day;
            modifiedContacts[modifiedContactCount++] = p.idx;
        }
        p.updatedMs = Math.max(p.updatedMs, Math.max(ms, p.createdMs));
    }

    private void writeCrmExtracts() {
        Arrays.sort(modifiedAccounts, 0, modifiedAccountCount);
        for (int i = 0; i < modifiedAccountCount; i++) {
            Account a = accounts[modifiedAccounts[i]];
            out.emit(Source.CRM_ACCOUNTS, new String[] {a.id, a.name, a.domain, Vocabulary.INDUSTRIES[a.industry],
                String.valueOf(a.employees), Times.money(a.revenueCents), a.country, reps[a.owner],
                Times.formatUtc(a.createdMs), Times.formatUtc(Math.max(a.updatedMs, a.createdMs))});
        }
        Arrays.sort(modifiedContacts, 0, modifiedContactCount);
        for (int i = 0; i < modifiedContactCount; i++) {
            Contact p = contacts[modifiedContacts[i]];
            Account a = accounts[p.account];
            boolean converted = p.status == World.CONVERTED;
            out.emit(Source.CRM_CONTACTS, new String[] {p.id, converted ? "contact" : "lead", a.id, p.email, p.first,
                p.last, p.crmHasTitle ? p.title : null, p.country, reps[a.owner], p.leadSource,
                World.STATUS[p.status], converted ? Times.formatUtc(p.convertedMs) : null,
                converted ? opportunities.get(p.opp).id : null, Times.formatUtc(p.createdMs),
                Times.formatUtc(p.updatedMs)});
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A time of day in ms, mostly during European afternoon / American morning business hours. */
    private static long businessTime(SplittableRandom r) {
        return r.nextDouble() < 0.8 ? 7 * 3_600_000L + r.nextLong(15 * 3_600_000L) : r.nextLong(DAY_MS - 3_600_000L);
    }

    /** Keeps follow-up events of a day inside that day, so they land in its dt folder. */
    private long cap(long ms) {
        return Math.min(ms, dayMs + DAY_MS - 1);
    }

    private String deviceId(int contact, int device) {
        long h1 = mix(config.seed(), 0xDE71CEL + contact * 8L + device);
        long h2 = mix(h1, 0x9E3779B97F4A7C15L);
        return uuid(h1, h2);
    }

    private static String uuid(SplittableRandom r) {
        return uuid(r.nextLong(), r.nextLong());
    }

    private static String uuid(long hi, long lo) {
        return new UUID((hi & ~0xF000L) | 0x4000L, (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    private static String pad(long n) {
        String s = Long.toString(n);
        return "000000000000".substring(Math.min(12, s.length())) + s;
    }

    private static String ascii(String name) {
        String d = Normalizer.normalize(name, Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = Character.toLowerCase(d.charAt(i));
            if (c >= 'a' && c <= 'z') {
                b.append(c);
            }
        }
        return b.toString();
    }

    static int pick(SplittableRandom r, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = r.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static double gauss(SplittableRandom r) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1 - r.nextDouble();
        return Math.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * r.nextDouble());
    }

    /** SplitMix64 finaliser of two values: decorrelated seeds for days, devices and dirt streams. */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
