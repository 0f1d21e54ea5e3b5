package dev.revlake.simulate;

/** Word lists the simulated market is built from. Order matters: it is part of determinism. */
final class Vocabulary {

    /** The simulated vendor's website; all URLs point here. */
    static final String SITE = "https://www.quantaflow.example";

    static final String[] INDUSTRIES = {"Software", "Financial Services", "E-commerce", "Healthcare",
        "Manufacturing", "Telecommunications", "Media & Entertainment", "Education", "Logistics",
        "Retail", "Professional Services", "Energy", "Government", "Insurance"};
    /** Product fit per industry, same order: analytics for revenue teams sells best to tech. */
    static final double[] INDUSTRY_FIT = {1.5, 1.3, 1.3, 0.8, 0.8, 1.0, 0.9, 0.6, 0.8, 1.0, 1.1, 0.7,
        0.4, 0.9};
    static final double[] INDUSTRY_WEIGHT = {18, 10, 9, 8, 9, 5, 5, 5, 6, 7, 8, 3, 3, 4};

    static final String[] COUNTRIES = {"US", "GB", "DE", "FR", "CA", "NL", "AU", "IN", "BR", "ES", "SE",
        "IE"};
    static final double[] COUNTRY_WEIGHT = {45, 12, 10, 6, 6, 4, 4, 5, 3, 2, 2, 1};

    static final String[] NAME_A = {"North", "Blue", "Silver", "Bright", "Iron", "Red", "Green", "Clear",
        "Rapid", "Summit", "Harbor", "Pioneer", "Quantum", "Atlas", "Cedar", "Falcon", "Granite", "Lumen",
        "Maple", "Nova", "Orbit", "Polar", "River", "Stone", "Vertex", "Willow", "Zenith", "Apex", "Beacon",
        "Cobalt", "Delta", "Ember", "Fjord", "Golden", "Helix", "Indigo", "Juniper", "Kestrel", "Lake",
        "Meridian"};
    static final String[] NAME_B = {"wind", "peak", "field", "bridge", "works", "line", "point", "gate",
        "stream", "forge", "scale", "path", "wave", "logic", "core", "mark", "shift", "loop", "stack",
        "grid", "leaf", "rock", "spark", "trail", "view"};
    static final String[] NAME_C = {"Inc", "Ltd", "GmbH", "Group", "Labs", "Systems", "Technologies",
        "Solutions", "Partners", "Holdings", "Analytics", "Health", "Logistics", "Retail", "Media"};

    static final String[] FIRST = {"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael",
        "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica",
        "Thomas", "Sarah", "Daniel", "Karen", "Matthew", "Lisa", "Anthony", "Nancy", "Mark", "Sandra",
        "Priya", "Arjun", "Wei", "Mei", "Lukas", "Anna", "Léa", "Hugo", "Sofia", "Mateo", "José",
        "Chloé", "Jonas", "Emma", "Noah", "Olivia", "Liam", "Ava", "Oliver", "Mia", "Ethan", "Zoe",
        "Fatima", "Omar", "Aisha", "Kenji", "Yuki", "Siobhán", "Björn", "Ingrid", "Raj", "Ananya"};
    static final String[] LAST = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
        "Davis", "Rodriguez", "Martinez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin",
        "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Young", "Allen", "King",
        "Müller", "Schmidt", "Schneider", "Dubois", "Lefèvre", "Rossi", "Silva", "Santos", "Patel",
        "Sharma", "Chen", "Wang", "Kim", "Nguyen", "O'Brien", "Murphy", "Kowalski", "Nowak",
        "Andersson", "Johansson", "van Dijk", "de Vries", "Tanaka", "Sato", "García-López", "Okafor"};

    /** Seniority levels: title pattern, weight, fit, engagement. {@code %s} = department. */
    static final String[][] SENIORITY = {
        {"Chief %s Officer", "2"}, {"VP of %s", "5"}, {"Head of %s", "7"}, {"Director of %s", "8"},
        {"%s Manager", "20"}, {"Senior %s Specialist", "18"}, {"%s Specialist", "30"},
        {"%s Intern", "4"}};
    static final double[] SENIORITY_FIT = {1.2, 1.4, 1.4, 1.3, 1.1, 0.8, 0.6, 0.2};
    static final double[] SENIORITY_ENGAGEMENT = {0.4, 0.6, 0.8, 0.9, 1.0, 1.2, 1.1, 0.9};

    /** Departments: name for titles, C-level short form, product fit, engagement. */
    static final String[] DEPARTMENTS = {"Marketing", "Sales", "Revenue Operations", "Data", "Finance",
        "IT", "People", "Operations"};
    static final String[] C_LEVEL = {"CMO", "CRO", "CRO", "CDO", "CFO", "CIO", "CHRO", "COO"};
    static final double[] DEPARTMENT_WEIGHT = {20, 20, 8, 12, 10, 12, 8, 10};
    static final double[] DEPARTMENT_FIT = {1.3, 1.2, 1.6, 1.1, 0.7, 0.8, 0.3, 0.6};
    static final double[] DEPARTMENT_ENGAGEMENT = {1.2, 1.0, 1.3, 1.2, 0.6, 0.8, 0.4, 0.7};
    /** Individual-contributor titles per department, used instead of "Specialist" half the time. */
    static final String[][] IC_TITLES = {
        {"Marketing Operations Analyst", "Demand Generation Manager", "Content Marketer"},
        {"Account Executive", "Sales Development Representative", "Account Manager"},
        {"Sales Operations Analyst", "RevOps Analyst", "CRM Administrator"},
        {"Data Engineer", "Data Analyst", "Analytics Engineer"},
        {"Financial Analyst", "FP&A Analyst", "Controller"},
        {"Systems Administrator", "Solutions Architect", "IT Analyst"},
        {"HR Business Partner", "Recruiter", "People Operations Analyst"},
        {"Operations Analyst", "Project Manager", "Business Analyst"}};

    static final String[] SLUGS = {"revenue-attribution", "pipeline-forecasting", "lead-scoring-101",
        "b2b-funnel-metrics", "marketing-mix", "sales-velocity", "churn-signals", "intent-data",
        "account-based-marketing", "crm-hygiene", "data-warehouse-for-revops", "win-rate-analysis",
        "customer-journey", "quota-planning", "board-reporting"};
    static final String[] CUSTOMERS = {"northwind", "globex", "initech", "umbrella", "hooli", "stark",
        "wayne", "acme", "soylent", "tyrell"};
    static final String[] PRODUCT_PAGES = {"attribution", "forecasting", "lead-scoring", "integrations",
        "security"};

    static final String[] USER_AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"};
    static final String[] MAIL_AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 (Gmail)",
        "Microsoft Outlook 16.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"};

    static final String[] WEBINARS = {"Forecasting pipeline you can trust", "Attribution without the guesswork",
        "From MQL to revenue: a data model for RevOps", "Lead scoring with machine learning",
        "Board-ready revenue reporting", "Intent data: signal or noise?"};

    private Vocabulary() {
    }
}
