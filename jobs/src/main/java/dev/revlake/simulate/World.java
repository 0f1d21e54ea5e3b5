package dev.revlake.simulate;

/** The simulated market's mutable state: accounts, people, opportunities. Package-private by design. */
final class World {

    static final String[] STATUS = {"open", "working", "nurturing", "qualified", "converted", "disqualified"};
    static final int OPEN = 0;
    static final int WORKING = 1;
    static final int NURTURING = 2;
    static final int QUALIFIED = 3;
    static final int CONVERTED = 4;
    static final int DISQUALIFIED = 5;

    static final String[] STAGE = {"prospecting", "discovery", "proposal", "negotiation", "closed_won",
        "closed_lost"};
    /** The CRM's default probability per stage, as a Salesforce admin would configure it. */
    static final String[] STAGE_PROBABILITY = {"10", "20", "40", "60", "100", "0"};
    static final int CLOSED_WON = 4;
    static final int CLOSED_LOST = 5;

    private World() {
    }

    /** A company in the market. */
    static final class Account {
        final int idx;
        String id;
        String name;
        String domain;
        int industry;
        int employees;
        long revenueCents;
        String country;
        int owner;
        long createdMs;
        long updatedMs;
        boolean inCrm;
        int state;
        double sizeFit;
        int[] contacts = new int[0];
        int openOpp = -1;
        int modDay = -1;
        byte[] history;

        Account(int idx) {
            this.idx = idx;
        }
    }

    /** A person working at an account; a visitor, later maybe a lead and a contact. */
    static final class Contact {
        final int idx;
        String id;
        int account;
        String first;
        String last;
        String email;
        String title;
        String country;
        double fit;
        double engagement;
        int devices;
        boolean known;
        int knownDay = Integer.MAX_VALUE;
        boolean crmHasTitle;
        long createdMs;
        long updatedMs;
        int status = OPEN;
        int convertDay = -1;
        int disqualifyDay = -1;
        long convertedMs;
        int opp = -1;
        String leadSource;
        boolean unsubscribed;
        boolean bounced;
        int modDay = -1;
        int webinar = -1;

        Contact(int idx) {
            this.idx = idx;
        }

        boolean isOpenLead() {
            return known && opp < 0 && disqualifyDay < 0;
        }
    }

    /** A sales opportunity and its hidden plan (outcome, stage days, close day). */
    static final class Opportunity {
        final int idx;
        String id;
        int account;
        int contact;
        String name;
        int owner;
        int stage;
        long amountCents;
        long closeDate;
        String leadSource;
        long createdMs;
        int createdDay;
        long stageChangedMs;
        long closedMs;
        boolean closed;
        double trueWinProbability;
        boolean outcomeWon;
        int lastStage;
        int[] stageDay = new int[4];
        int closeDay;
        int regressDay = Integer.MIN_VALUE;
        int resumeDay = Integer.MIN_VALUE;

        Opportunity(int idx) {
            this.idx = idx;
        }
    }
}
