package dev.unroll.app.hidden;

/** Where the probe text comes from. */
public enum ProbeSource {
    /** A passage of the corpus (by default the validation tail, if the run holds one out). */
    CORPUS("corpus passage"),
    /** Text the user typed or pasted. */
    OWN("my text");

    private final String label;

    ProbeSource(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
