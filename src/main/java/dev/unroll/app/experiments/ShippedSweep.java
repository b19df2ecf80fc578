package dev.unroll.app.experiments;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.sweep.SweepStorage;
import dev.unroll.engine.train.TrainerState;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The run of the original nine-run grid that ships with the app (hidden 100/250/500 x learning
 * rate 0.1/0.01/0.001, sequence length 25, on the Romanian verses, at {@value #ITERATIONS}
 * iterations each), so that a talk's last slide shows nine real runs without training for hours.
 * It is a sweep folder written by {@code unroll sweep} itself, kept in the app's resources without
 * its checkpoints: the manifest, each run's record, its loss CSV (a row every 100 iterations) and
 * its results file (three samples). {@code docs/make-original-grid.sh} remakes it.
 *
 * <p>It is read through this read-only {@link SweepStorage}: paths under {@link #DIR} name
 * resources under {@link #RESOURCE}; every write and every checkpoint is refused.
 */
final class ShippedSweep implements SweepStorage {
    /** The iterations each shipped run trained. */
    static final long ITERATIONS = 10_000;
    /** Where the sweep folder lies among the app's resources. */
    static final String RESOURCE = "/dev/unroll/app/experiments/original-nine-runs";
    /** The folder the sweep is read as (it exists only in the resources). */
    static final Path DIR = Path.of("original-nine-runs");

    private static String resource(Path file) throws IOException {
        Path rel = file.normalize();
        if (!rel.startsWith(DIR)) {
            throw new IOException(file + " is not part of the shipped sweep");
        }
        StringBuilder name = new StringBuilder(RESOURCE);
        for (Path part : DIR.relativize(rel)) {
            name.append('/').append(part);
        }
        return name.toString();
    }

    @Override
    public String readText(Path file) throws IOException {
        try (InputStream in = ShippedSweep.class.getResourceAsStream(resource(file))) {
            if (in == null) {
                throw new IOException("the shipped sweep has no " + DIR.relativize(file.normalize()));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public boolean exists(Path file) {
        try {
            return ShippedSweep.class.getResource(resource(file)) != null;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        throw readOnly();
    }

    @Override
    public void writeText(Path file, String text) throws IOException {
        throw readOnly();
    }

    @Override
    public void saveCheckpoint(Path file, TrainerState state, Corpus corpus) throws IOException {
        throw readOnly();
    }

    @Override
    public TrainerState loadCheckpoint(Path file, Corpus corpus) throws IOException {
        throw new IOException("the shipped sweep keeps no checkpoints");
    }

    @Override
    public void delete(Path file) throws IOException {
        throw readOnly();
    }

    private static IOException readOnly() {
        return new IOException("the shipped sweep is read-only");
    }
}
