package dev.unroll.engine.io;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.train.Adagrad;
import dev.unroll.engine.train.Adam;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.HistoryEntry;
import dev.unroll.engine.train.Optimizer;
import dev.unroll.engine.train.OptimizerKind;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainerState;
import dev.unroll.engine.train.TrainingConfig;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A saved training run: everything {@link Trainer#exportState()} gives, so that training N
 * iterations, saving, loading and training N more gives bit for bit the weights (and samples) of
 * training 2N at once.
 *
 * <h2>File format, version 2</h2>
 * A NumPy {@code .npz} file: a zip archive of {@code .npy} arrays (little-endian float64, C order,
 * .npy format 1.0) plus one JSON entry. The arrays are stored uncompressed, the JSON deflated.
 * The arrays depend on the cell ({@code cell} in the metadata); G is 4 for the LSTM, 3 for the GRU.
 * <table>
 * <caption>Entries</caption>
 * <tr><td>vanilla: {@code Wxh.npy}, {@code Whh.npy}, {@code Why.npy}</td><td>weights, H x V, H x H, V x H</td></tr>
 * <tr><td>vanilla: {@code bh.npy}, {@code by.npy}</td><td>biases, H x 1 and V x 1</td></tr>
 * <tr><td>lstm, gru: {@code weight_ih.npy}, {@code weight_hh.npy}</td><td>G H x V and G H x H, gate blocks in
 *     PyTorch's order (i, f, g, o; r, z, n), as {@code torch.nn.LSTM}/{@code GRU}'s {@code weight_ih_l0}, {@code weight_hh_l0}</td></tr>
 * <tr><td>lstm, gru: {@code bias_ih.npy}, {@code bias_hh.npy}</td><td>G H x 1 (PyTorch's {@code bias_ih_l0},
 *     {@code bias_hh_l0} as columns)</td></tr>
 * <tr><td>lstm, gru: {@code Why.npy}, {@code by.npy}</td><td>the output layer, V x H and V x 1</td></tr>
 * <tr><td>{@code m<name>.npy} for each array above</td><td>Adagrad's memory (sum of squared gradients), same shape</td></tr>
 * <tr><td>rmsprop: {@code square_avg_<name>.npy} instead</td><td>RMSprop's square average, same shape</td></tr>
 * <tr><td>adam: {@code exp_avg_<name>.npy}, {@code exp_avg_sq_<name>.npy} and {@code adam_step.npy}
 *     instead</td><td>Adam's first moment (may be negative) and second moment, same shape, and its step
 *     count t (1 x 1, a whole number), PyTorch's {@code exp_avg}, {@code exp_avg_sq} and {@code step}</td></tr>
 * <tr><td>{@code hprev.npy}</td><td>the hidden state carried into the next window, H x 1</td></tr>
 * <tr><td>lstm: {@code cprev.npy}</td><td>the cell state carried into the next window, H x 1</td></tr>
 * <tr><td>{@code metadata.json}</td><td>UTF-8 JSON object, keys below</td></tr>
 * </table>
 * The vanilla shapes are min-char-rnn's, so {@code np.load("run.npz")["Wxh"]} is the original script's
 * {@code Wxh}; {@code np.load("run.npz")["metadata.json"]} gives the JSON as bytes (checked by
 * {@code CheckpointNumpyTest} with python3 and numpy 2.x).
 *
 * <p>Version 1 is version 2 without the {@code cell} key and with the vanilla arrays only; it still loads.
 * The optimizers other than Adagrad came later within version 2: a file of an Adagrad run with the
 * default settings is what it was before them, key for key and array for array.
 *
 * <p>Metadata keys: {@code format} ("unroll-checkpoint"), {@code format_version} (2), {@code cell}
 * ("vanilla", "lstm" or "gru"), {@code saved_at} (ISO-8601 instant), {@code model} ("vanilla-rnn",
 * "lstm" or "gru"), {@code optimizer}
 * ("adagrad", "rmsprop" or "adam"; which state arrays the file holds), {@code hidden_size}, {@code vocab_size}, {@code vocabulary} (the code points in
 * index order, ascending), {@code config} (an object: {@code hidden_size, sequence_length,
 * learning_rate, iterations, sample_every, sample_length, temperature, seed, val_fraction,
 * eval_every, clip}, and only when they differ from the defaults {@code cell, optimizer, clip_mode,
 * lr_decay, lr_decay_every, lr_decay_start, lr_decay_factor, lr_min}, written by {@link RunSettingsCodec}), {@code outputs} (optional, an object:
 * {@code log_every, checkpoint_every, result_samples}), {@code corpus} (an object: {@code name}, {@code sha256} of the text as UTF-8
 * without a byte-order mark, {@code characters}), {@code iteration}, {@code pointer} (the index of
 * the next window's first character), {@code smooth_loss} (sum over a window), {@code last_loss}
 * and {@code val_loss} (null when none), {@code rng_state} (the generator's 64-bit state as an
 * unsigned decimal string), {@code learning_rate} and {@code temperature} in effect,
 * {@code elapsed_nanos}, {@code samples} (a list of {@code iteration, smooth_loss, temperature,
 * text}). Doubles are written so that they parse back to the same bits; NaN is written as null.
 *
 * <h2>File format, version 3</h2>
 * A run of stacked layers, batches or float32 ({@link Depth} other than one layer at batch 1 in float64; such runs keep
 * writing version 2, unchanged). Version 2's layout with these differences:
 * <table>
 * <caption>Entries of version 3</caption>
 * <tr><td>{@code weight_ih_l<k>.npy}, {@code weight_hh_l<k>.npy}, {@code bias_ih_l<k>.npy}, {@code bias_hh_l<k>.npy}
 *     for k = 0..L-1, then {@code Why.npy}, {@code by.npy}</td><td>the parameters under PyTorch's {@code state_dict} names
 *     and shapes: G H x In_k (In_0 = V, else H), G H x H, and 1-D arrays of G H; so
 *     {@code torch.nn.LSTM(V, H, num_layers=L).load_state_dict} takes the {@code *_l*} arrays as they are</td></tr>
 * <tr><td>the optimizer's state</td><td>as version 2 names it, after these names ({@code exp_avg_weight_ih_l0}, ...); an
 *     array of one column is 1-D here</td></tr>
 * <tr><td>{@code h_l<k>.npy}, and for the LSTM {@code c_l<k>.npy}</td><td>each stream's state of layer k carried into
 *     the next window, B x H (stream b in row b); stacked over k they are PyTorch's {@code h_0}, {@code c_0}</td></tr>
 * </table>
 * No {@code hprev.npy} or {@code cprev.npy}. Metadata as version 2 with {@code format_version} 3, the
 * config's {@code layers}, {@code batch_size}, {@code dropout} and {@code precision} (written when not 1, 1, 0, f64), and these keys:
 * {@code layers}, {@code batch_size}, {@code dropout}, {@code precision} ("f64" or "f32": the training pass's; the arrays are float64 always), {@code stream_positions}
 * (the index in the corpus of each stream's next window: stream b reads from b S + pointer, S the
 * stretch of the training text per stream). {@code pointer} is the offset within each stretch.
 *
 * <h2>The run's history (any version)</h2>
 * A file may hold the weights the run kept at earlier iterations ({@link dev.unroll.engine.train.RunHistory}):
 * for each kept iteration n, {@code history/<n>/<name>.npy} for each parameter, under the names, shapes and layout of
 * the file's own parameters ({@code history/1000/Wxh.npy}; version 3: {@code history/1000/weight_ih_l0.npy}, columns
 * as 1-D arrays), and the metadata key {@code history}: a list, in increasing order of iteration, none after the
 * file's {@code iteration}, of {@code iteration}, {@code smooth_loss}, {@code val_loss} (null when none) and
 * {@code sample} (null, or a sample as in {@code samples}: the one drawn from those weights). Both are optional (a run
 * that kept none, files written before histories) and do not change the version: older readers ignore them.
 * {@code np.load("run.npz")["history/1000/Wxh"]} is the run's {@code Wxh} after 1,000 iterations.
 *
 * <p>Version policy: a reader reads every format version up to its own {@link #NEWEST_FORMAT_VERSION} and
 * refuses newer ones with a message saying so. Adding optional metadata keys does not change the
 * version (readers ignore unknown keys); anything an older reader would misread does. Each version
 * keeps fixture files under {@code src/test/resources/checkpoints/} that must keep loading.
 *
 * <p>Saving is atomic: the file is written to a temporary file in the same folder, forced to disk
 * and moved over the target, so a crash mid-save leaves the previous checkpoint intact; the
 * temporary files that killed processes leave behind are removed by the next save of the same file
 * ({@link #removeStaleTemporaries}). Every
 * problem when loading is a {@link BadInputException} with a one-line message.
 *
 * @param formatVersion the version the file was written in
 * @param state         the run's state
 * @param corpus        the corpus it was trained on (name, hash, length)
 * @param savedAt       when it was written (ISO-8601), or "" if unknown
 * @param outputs       what the run writes besides the checkpoint (samples in the results file, log and
 *                      checkpoint intervals), or null when the file does not say (the app's runs, older files)
 */
public record Checkpoint(int formatVersion, TrainerState state, CorpusInfo corpus, String savedAt, RunOutputs outputs) {

    /** The version a run of one layer at batch 1 is written in (every run before stacked layers). */
    public static final int FORMAT_VERSION = 2;
    /** The version a run of stacked layers or batches is written in (see the class comment). */
    public static final int STACKED_FORMAT_VERSION = 3;
    /** The newest version this code reads. */
    public static final int NEWEST_FORMAT_VERSION = STACKED_FORMAT_VERSION;
    /** The value of the {@code format} metadata key. */
    public static final String FORMAT_NAME = "unroll-checkpoint";
    public static final String METADATA_ENTRY = "metadata.json";
    public static final String HIDDEN_ENTRY = "hprev.npy";
    /** The LSTM's cell state c, the second half of its state. */
    public static final String CELL_STATE_ENTRY = "cprev.npy";
    static final List<String> PARAMETER_NAMES = List.of("Wxh", "Whh", "Why", "bh", "by");
    static final List<String> GATED_PARAMETER_NAMES = List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh", "Why", "by");
    private static final long MAX_METADATA_BYTES = 64L * 1024 * 1024;
    /** The folder of the history's arrays inside the file: {@code history/<iteration>/<name>.npy}. */
    public static final String HISTORY_PREFIX = "history/";

    /**
     * Which text a run was trained on.
     *
     * @param name       the corpus's name (its file name)
     * @param sha256     hex SHA-256 of its text as UTF-8 (no byte-order mark)
     * @param characters its length in code points
     */
    public record CorpusInfo(String name, String sha256, long characters) {
        public static CorpusInfo of(Corpus corpus) {
            return new CorpusInfo(corpus.name(), corpus.sha256(), corpus.length());
        }
    }

    /** Hex SHA-256 of a text encoded as UTF-8. */
    public static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The weights, for generating without a corpus. */
    public ModelSnapshot model() {
        return state.modelSnapshot();
    }

    /** Whether a corpus is the very text this run was trained on. */
    public boolean sameCorpus(Corpus c) {
        return c.length() == corpus.characters() && c.sha256().equals(corpus.sha256());
    }

    /**
     * Refuses a corpus whose vocabulary differs from the checkpoint's, naming the differences.
     *
     * @param what how to call the checkpoint in the message, e.g. "checkpoint run.npz"
     */
    public void requireVocabularyOf(Corpus c, String what) {
        Vocabulary mine = state.vocabulary();
        Vocabulary theirs = c.vocabulary();
        if (mine.equals(theirs)) {
            return;
        }
        Set<Integer> onlyCorpus = new TreeSet<>();
        for (int cp : theirs.codePoints()) {
            if (!mine.contains(cp)) {
                onlyCorpus.add(cp);
            }
        }
        Set<Integer> onlyCheckpoint = new TreeSet<>();
        for (int cp : mine.codePoints()) {
            if (!theirs.contains(cp)) {
                onlyCheckpoint.add(cp);
            }
        }
        StringBuilder sb = new StringBuilder(what + " was trained on another vocabulary ("
                + mine.size() + " characters) than " + c.name() + " (" + theirs.size() + ")");
        if (!onlyCorpus.isEmpty()) {
            sb.append("; only the corpus has ").append(listSome(onlyCorpus));
        }
        if (!onlyCheckpoint.isEmpty()) {
            sb.append("; only the checkpoint has ").append(listSome(onlyCheckpoint));
        }
        throw new BadInputException(sb.toString());
    }

    private static String listSome(Set<Integer> cps) {
        List<Integer> some = new ArrayList<>(cps).subList(0, Math.min(cps.size(), 12));
        String s = Vocabulary.describe(new LinkedHashSet<>(some));
        return cps.size() > some.size() ? s + " and " + (cps.size() - some.size()) + " more" : s;
    }

    /** Continues the run on a corpus with the same vocabulary. */
    public Trainer resume(Corpus c) {
        requireVocabularyOf(c, "the checkpoint");
        return Trainer.resume(c, state);
    }

    // ---- saving ----

    /** Saves a trainer's current state (atomically). */
    public static void save(Path file, Trainer trainer) {
        save(file, trainer.exportState(), CorpusInfo.of(trainer.corpus()));
    }

    /**
     * Saves a state atomically: a temporary file in the target's folder, forced to disk, then moved
     * over the target. On any failure the temporary file is removed and the target is untouched.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void save(Path file, TrainerState state, CorpusInfo corpus) {
        save(file, state, corpus, null);
    }

    /**
     * Saves a state with the settings of what the run writes (stored so that a resumed run keeps
     * them), atomically as {@link #save(Path, TrainerState, CorpusInfo)} does.
     *
     * @param outputs the run's output settings, or null when it has none (the app's runs)
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void save(Path file, TrainerState state, CorpusInfo corpus, RunOutputs outputs) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            removeStaleTemporaries(target);
            // not Files.createTempFile: its files are private (0600); this one gets the usual permissions
            tmp = dir.resolve(temporaryName(target));
            FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16))) {
                writeEntries(zip, state, corpus, outputs);
                zip.finish();
                zip.flush();
                channel.force(true);
            }
            AtomicFiles.moveIntoPlace(tmp, target);
            tmp = null;
            forceDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + describe(e), e);
        } finally {
            AtomicFiles.removeLeftover(tmp);
        }
    }

    /**
     * The name of a save's temporary file: {@code .<name>.<pid>-<start>-<random>.tmp}, with the
     * writing process's id and start time (epoch seconds, base 36), so that a later run can tell the
     * leftovers of a killed process from a save in progress, also when the id has been reused by
     * another process since (ids are reused soon in containers).
     */
    static String temporaryName(Path target) {
        long random = System.nanoTime() ^ Thread.currentThread().getId() * 0x9E3779B97F4A7C15L;
        ProcessHandle self = ProcessHandle.current();
        return "." + target.getFileName() + "." + self.pid() + "-" + Long.toString(startSeconds(self), 36) + "-"
                + Long.toUnsignedString(random, 36) + ".tmp";
    }

    /** When a process started, in epoch seconds; 0 when the system does not say. */
    static long startSeconds(ProcessHandle p) {
        return p.info().startInstant().map(Instant::getEpochSecond).orElse(0L);
    }

    /** Temporaries of a process that is not running any more, or older than this, are stale. */
    static final Duration STALE_AFTER = Duration.ofHours(1);

    /**
     * Removes the temporary files that interrupted saves of {@code file} left in its folder (a
     * process killed while saving, a full disk): only files named as {@link #save} names them, and
     * only when the process that wrote them has ended (its id is not alive, or belongs to a process that
     * started after the file was named) or they are older than {@link #STALE_AFTER}
     * (an older version's temporaries, which do not carry a process id, by age alone). Saves in
     * progress in running processes are left alone. Never throws.
     *
     * @return the files removed, and their total size in bytes
     */
    public static Removed removeStaleTemporaries(Path file) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        String name = String.valueOf(target.getFileName());
        Pattern ours = Pattern.compile("\\." + Pattern.quote(name) + "\\.(?:(\\d+)-)?(?:([0-9a-z]{1,13})-)?[0-9a-z]{1,13}\\.tmp");
        List<Path> removed = new ArrayList<>();
        long bytes = 0;
        long now = System.currentTimeMillis();
        try (var entries = Files.newDirectoryStream(dir, p -> ours.matcher(String.valueOf(p.getFileName())).matches())) {
            for (Path p : entries) {
                Matcher m = ours.matcher(String.valueOf(p.getFileName()));
                if (!m.matches() || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long age = now - Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis();
                boolean writerGone = m.group(1) != null && !processRuns(m.group(1), m.group(2));
                if (writerGone || age > STALE_AFTER.toMillis()) {
                    long size = Files.size(p);
                    if (Files.deleteIfExists(p)) {
                        removed.add(p);
                        bytes += size;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // a folder we cannot list or a file we cannot remove: left as it is
        }
        return new Removed(List.copyOf(removed), bytes);
    }

    /**
     * What {@link #removeStaleTemporaries} removed.
     *
     * @param files the files
     * @param bytes their total size
     */
    public record Removed(List<Path> files, long bytes) {
    }

    /**
     * Whether the process that wrote a temporary file still runs: its id is alive and, when the name
     * carries the writer's start time, the live process started then (not a later one given the same id).
     */
    private static boolean processRuns(String pid, String start) {
        try {
            long id = Long.parseLong(pid);
            if (id == ProcessHandle.current().pid()) {
                return start == null || Math.abs(Long.parseLong(start, 36) - startSeconds(ProcessHandle.current())) <= 1;
            }
            Optional<ProcessHandle> p = ProcessHandle.of(id).filter(ProcessHandle::isAlive);
            if (p.isEmpty()) {
                return false;
            }
            long written = start == null ? 0 : Long.parseLong(start, 36);
            long now = startSeconds(p.get());
            // unknown on either side: the id alone decides (and the age, after an hour)
            return written == 0 || now == 0 || Math.abs(written - now) <= 1;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can sync a folder (Windows); the move itself is atomic
        }
    }

    private static void writeEntries(ZipOutputStream zip, TrainerState s, CorpusInfo corpus, RunOutputs outputs) throws IOException {
        List<Tensor> params = s.parameters();
        List<Tensor> memory = s.memory();
        if (!s.config().depth().isSingle()) {
            writeStackedEntries(zip, s);
        } else {
            writeSingleEntries(zip, s);
        }
        writeHistory(zip, s);
        ZipEntry meta = new ZipEntry(METADATA_ENTRY);
        meta.setMethod(ZipEntry.DEFLATED);
        zip.putNextEntry(meta);
        zip.write(Json.write(metadata(s, corpus, outputs)));
        zip.closeEntry();
    }

    /** Version 3's arrays: the parameters under their own (PyTorch's) names, columns as 1-D arrays, the states per layer. */
    private static void writeStackedEntries(ZipOutputStream zip, TrainerState s) throws IOException {
        List<String> names = s.parameters().stream().map(t -> t.name).toList();
        List<String> stateNames = OptimizerKind.parse(s.optimizer()).stateNames(names);
        for (int i = 0; i < names.size(); i++) {
            stored(zip, names.get(i) + ".npy", stackedArray(s.parameters().get(i)));
        }
        for (int i = 0; i < s.memory().size(); i++) {
            stored(zip, stateNames.get(i) + ".npy", stackedArray(s.memory().get(i)));
        }
        Depth d = s.config().depth();
        Cell cell = s.config().cell();
        int H = s.config().hiddenSize();
        int S = cell.stateSize(H);
        for (int k = 0; k < d.layers(); k++) {
            stored(zip, "h_l" + k + ".npy", Npy.write(layerState(s.hidden(), d, S, k, 0, H)));
            if (cell == Cell.LSTM) {
                stored(zip, "c_l" + k + ".npy", Npy.write(layerState(s.hidden(), d, S, k, H, H)));
            }
        }
    }

    /**
     * The history's weights: {@code history/<iteration>/<name>.npy} for each entry and parameter, under the names and
     * in the layout of the file's own parameters (version 3's columns as 1-D arrays).
     */
    private static void writeHistory(ZipOutputStream zip, TrainerState s) throws IOException {
        boolean stacked = !s.config().depth().isSingle();
        List<String> names = stacked ? s.parameters().stream().map(t -> t.name).toList() : parameterNames(s.config().cell());
        for (HistoryEntry e : s.history()) {
            for (int i = 0; i < names.size(); i++) {
                Tensor t = e.parameters().get(i);
                stored(zip, historyEntryName(e.iteration(), names.get(i)), stacked ? stackedArray(t) : Npy.write(t));
            }
        }
    }

    /** The entry of a history's parameter: {@code history/<iteration>/<name>.npy}. */
    static String historyEntryName(long iteration, String name) {
        return HISTORY_PREFIX + iteration + "/" + name + ".npy";
    }

    /** A tensor as version 3 stores it: a column as a 1-D array. */
    private static byte[] stackedArray(Tensor t) {
        return t.cols == 1 ? Npy.writeVector(t) : Npy.write(t);
    }

    /** Layer k's part {@code [from, from + H)} of each stream's state (B rows of L S entries), as B x H. */
    private static Tensor layerState(double[] states, Depth d, int S, int k, int from, int H) {
        int B = d.batchSize();
        double[] out = new double[B * H];
        for (int b = 0; b < B; b++) {
            System.arraycopy(states, (b * d.layers() + k) * S + from, out, b * H, H);
        }
        return new Tensor("state_l" + k, B, H, out);
    }

    /** Version 2's arrays. */
    private static void writeSingleEntries(ZipOutputStream zip, TrainerState s) throws IOException {
        List<Tensor> params = s.parameters();
        List<Tensor> memory = s.memory();
        List<String> names = parameterNames(s.config().cell());
        List<String> stateNames = OptimizerKind.parse(s.optimizer()).stateNames(names);
        for (int i = 0; i < params.size(); i++) {
            stored(zip, names.get(i) + ".npy", Npy.write(params.get(i)));
        }
        for (int i = 0; i < memory.size(); i++) {
            stored(zip, stateNames.get(i) + ".npy", Npy.write(memory.get(i)));
        }
        int H = s.config().hiddenSize();
        double[] state = s.hidden();
        stored(zip, HIDDEN_ENTRY, Npy.write(new Tensor("hprev", H, 1, Arrays.copyOfRange(state, 0, H))));
        if (s.config().cell() == Cell.LSTM) {
            stored(zip, CELL_STATE_ENTRY, Npy.write(new Tensor("cprev", H, 1, Arrays.copyOfRange(state, H, 2 * H))));
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }

    /** The arrays' names in the model's parameter order. */
    static List<String> parameterNames(Cell cell) {
        return cell == Cell.VANILLA ? PARAMETER_NAMES : GATED_PARAMETER_NAMES;
    }

    /** The arrays' shapes (rows, columns) in the model's parameter order. */
    private static int[][] parameterShapes(Cell cell, int H, int V) {
        if (cell == Cell.VANILLA) {
            return new int[][] {{H, V}, {H, H}, {V, H}, {H, 1}, {V, 1}};
        }
        int G = cell.gates() * H;
        return new int[][] {{G, V}, {G, H}, {G, 1}, {G, 1}, {V, H}, {V, 1}};
    }

    /** The metadata's {@code model} value of a cell (version 1 knew "vanilla-rnn" only). */
    private static String modelName(Cell cell) {
        return cell == Cell.VANILLA ? "vanilla-rnn" : cell.cliName();
    }

    private static Map<String, Object> metadata(TrainerState s, CorpusInfo corpus, RunOutputs outputs) {
        TrainingConfig c = s.config();
        Map<String, Object> corp = new LinkedHashMap<>();
        corp.put("name", corpus.name());
        corp.put("sha256", corpus.sha256());
        corp.put("characters", corpus.characters());
        List<Object> vocab = new ArrayList<>();
        for (int cp : s.vocabulary().codePoints()) {
            vocab.add(cp);
        }
        List<Object> samples = new ArrayList<>();
        for (Sample x : s.samples()) {
            samples.add(sampleJson(x));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT_NAME);
        Depth depth = c.depth();
        m.put("format_version", depth.isSingle() ? FORMAT_VERSION : STACKED_FORMAT_VERSION);
        m.put("cell", c.cell().cliName());
        m.put("saved_at", Instant.now().toString());
        m.put("model", modelName(c.cell()));
        m.put("optimizer", s.optimizer());
        m.put("hidden_size", c.hiddenSize());
        m.put("vocab_size", s.vocabulary().size());
        m.put("iteration", s.iteration());
        m.put("pointer", s.pointer());
        m.put("smooth_loss", s.smoothLoss());
        m.put("last_loss", s.lastLoss());
        m.put("val_loss", s.valLoss());
        m.put("rng_state", Long.toUnsignedString(s.rngState()));
        m.put("learning_rate", s.learningRate());
        m.put("temperature", s.temperature());
        m.put("elapsed_nanos", s.elapsedNanos());
        if (!depth.isSingle()) {
            m.put("layers", depth.layers());
            m.put("batch_size", depth.batchSize());
            m.put("dropout", depth.dropout());
            m.put("precision", depth.precision().cliName());
            int stretch = Trainer.trainingLength(corpus.characters() > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) corpus.characters(),
                    c.valFraction()) / depth.batchSize();
            List<Object> positions = new ArrayList<>();
            for (int b = 0; b < depth.batchSize(); b++) {
                positions.add((long) b * stretch + s.pointer());
            }
            m.put("stream_positions", positions);
        }
        m.put("corpus", corp);
        m.put("config", RunSettingsCodec.encode(c));
        if (outputs != null) {
            m.put("outputs", RunSettingsCodec.encode(outputs));
        }
        m.put("vocabulary", vocab);
        m.put("samples", samples);
        if (!s.history().isEmpty()) {
            List<Object> history = new ArrayList<>();
            for (HistoryEntry e : s.history()) {
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("iteration", e.iteration());
                h.put("smooth_loss", e.smoothLoss());
                h.put("val_loss", e.valLoss());
                h.put("sample", e.sample() == null ? null : sampleJson(e.sample()));
                history.add(h);
            }
            m.put("history", history);
        }
        return m;
    }

    private static Map<String, Object> sampleJson(Sample x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iteration", x.iteration());
        m.put("smooth_loss", x.smoothLoss());
        m.put("temperature", x.temperature());
        m.put("text", x.text());
        return m;
    }

    // ---- loading ----

    /** Loads the weights only, for generating without a corpus. */
    public static ModelSnapshot loadModel(Path file) {
        return load(file).model();
    }

    /** Loads a checkpoint; every problem is a {@link BadInputException} naming the file. */
    public static Checkpoint load(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException("checkpoint " + file + " is a folder, not a file");
        }
        if (!Files.exists(file)) {
            throw new BadInputException("checkpoint file not found: " + file);
        }
        if (!Files.isRegularFile(file)) {
            // a FIFO would block the zip reader until a writer comes
            throw new BadInputException("checkpoint " + file + " is not a regular file (a pipe, device or socket?)");
        }
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            return new Reader(file, zip).read();
        } catch (NoSuchFileException e) {
            throw new BadInputException("checkpoint file not found: " + file);
        } catch (AccessDeniedException e) {
            throw new BadInputException("cannot read checkpoint " + file + " (permission denied)");
        } catch (ZipException e) {
            throw new BadInputException("checkpoint " + file + " is corrupt or truncated (not a readable zip/npz file: "
                    + describe(e) + ")");
        } catch (IOException e) {
            if (!Files.isReadable(file)) {
                throw new BadInputException("cannot read checkpoint " + file + " (permission denied)");
            }
            throw new BadInputException("cannot read checkpoint " + file + ": " + describe(e));
        }
    }

    private static int firstNonFinite(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /**
     * Whether an optimizer's per-parameter memories (the {@code m…} arrays) are sums or averages of
     * squared gradients, which cannot be negative: Adagrad's (and RMSprop's). Adam's first moments,
     * for one, may be negative, so the check goes by the arrays' role, not by every array.
     */
    static boolean holdsSquaredGradients(String optimizer) {
        return optimizer.equals("adagrad") || optimizer.equals("rmsprop");
    }

    private static final class Reader {
        private final Path file;
        private final ZipFile zip;
        private int hiddenSize;
        private int vocabSize;

        Reader(Path file, ZipFile zip) {
            this.file = file;
            this.zip = zip;
        }

        BadInputException bad(String what) {
            return new BadInputException("checkpoint " + file + " " + what);
        }

        byte[] entry(String name, long maxBytes) throws IOException {
            ZipEntry e = zip.getEntry(name);
            if (e == null) {
                throw bad("is incomplete: the entry " + name + " is missing");
            }
            if (e.getSize() > maxBytes) {
                throw bad("has an entry " + name + " of " + e.getSize() + " bytes, more than its shape allows (" + maxBytes + ")");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, Math.min(e.getSize(), maxBytes)));
            CRC32 crc = new CRC32();
            byte[] buf = new byte[1 << 16];
            long total = 0;
            try (InputStream in = zip.getInputStream(e)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                    if (total > maxBytes) {
                        throw bad("has an entry " + name + " larger than its shape allows");
                    }
                    crc.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            } catch (ZipException | EOFException ex) {
                throw bad("is corrupt or truncated (entry " + name + ": " + describe(ex) + ")");
            }
            if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
                throw bad("is corrupt (entry " + name + " fails its checksum)");
            }
            if (e.getSize() != -1 && total != e.getSize()) {
                throw bad("is truncated (entry " + name + ")");
            }
            return out.toByteArray();
        }

        Checkpoint read() throws IOException {
            if (zip.getEntry(METADATA_ENTRY) == null) {
                if (zip.getEntry("Wxh.npy") != null) {
                    throw bad("is incomplete: the entry " + METADATA_ENTRY + " is missing");
                }
                throw bad("is not an Unroll checkpoint (it has no " + METADATA_ENTRY + ")");
            }
            String json = new String(entry(METADATA_ENTRY, MAX_METADATA_BYTES), StandardCharsets.UTF_8);
            Map<String, Object> m;
            try {
                Object parsed = Json.parse(json);
                if (!(parsed instanceof Map)) {
                    throw bad("has a " + METADATA_ENTRY + " that is not a JSON object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> obj = (Map<String, Object>) parsed;
                m = obj;
            } catch (Json.SyntaxException e) {
                throw bad("has a corrupt " + METADATA_ENTRY + " (" + e.getMessage() + ")");
            }
            Meta meta = new Meta(m, "");
            String format = meta.string("format");
            if (!FORMAT_NAME.equals(format)) {
                throw bad("is not an Unroll checkpoint (format \"" + format + "\")");
            }
            long version = meta.integer("format_version");
            if (version > NEWEST_FORMAT_VERSION) {
                throw bad("was written by a newer Unroll: format " + version + ", this version reads up to " + NEWEST_FORMAT_VERSION);
            }
            if (version < 1) {
                throw bad("has an invalid format_version " + version);
            }
            return read((int) version, meta);
        }

        /** Versions 1 and 2: version 1 is version 2's vanilla cell without the {@code cell} key. */
        private Checkpoint read(int version, Meta meta) throws IOException {
            Cell cell = Cell.VANILLA;
            if (version >= 2) {
                String name = meta.string("cell");
                try {
                    cell = Cell.parse(name);
                } catch (BadInputException e) {
                    throw bad("holds an unknown cell \"" + name + "\" (this version knows vanilla, lstm and gru)");
                }
            }
            String model = meta.string("model");
            if (!model.equals(modelName(cell))) {
                throw bad("is inconsistent: its model is \"" + model + "\" but its cell is " + cell.cliName());
            }
            String optimizer = meta.string("optimizer");
            OptimizerKind optimizerKind;
            try {
                optimizerKind = OptimizerKind.parse(optimizer);
            } catch (BadInputException e) {
                throw bad("uses the optimizer \"" + optimizer + "\", which this version cannot continue");
            }
            TrainingConfig config;
            try {
                config = RunSettingsCodec.decode(meta.object("config").m, TrainingConfig.defaults(), Set.of());
            } catch (BadInputException e) {
                throw bad("has an invalid configuration: " + e.getMessage());
            }
            if (config.cell() != cell) {
                throw bad("is inconsistent: its cell is " + cell.cliName() + " but its config says " + config.cell().cliName());
            }
            if (config.optimization().optimizer() != optimizerKind) {
                throw bad("is inconsistent: its optimizer is " + optimizer + " but its config says "
                        + config.optimization().optimizer().cliName());
            }
            RunOutputs outputs = null;
            if (meta.has("outputs")) {
                try {
                    outputs = RunSettingsCodec.decode(meta.object("outputs").m, RunOutputs.defaults());
                } catch (BadInputException e) {
                    throw bad("has invalid output settings: " + e.getMessage());
                }
            }
            List<Object> cps = meta.list("vocabulary");
            int[] codePoints = new int[cps.size()];
            for (int i = 0; i < codePoints.length; i++) {
                Object v = cps.get(i);
                if (!(v instanceof Long l) || l < 0 || l > Character.MAX_CODE_POINT) {
                    throw bad("has an invalid vocabulary entry " + v);
                }
                codePoints[i] = (int) (long) l;
            }
            Vocabulary vocabulary;
            try {
                vocabulary = Vocabulary.ofCodePoints(codePoints);
            } catch (BadInputException e) {
                throw bad("has an invalid vocabulary: " + e.getMessage());
            }
            int H = config.hiddenSize();
            int V = vocabulary.size();
            hiddenSize = H;
            vocabSize = V;
            if (meta.has("hidden_size") && meta.integer("hidden_size") != H) {
                throw bad("is inconsistent: hidden_size " + meta.integer("hidden_size") + " but the config says " + H);
            }
            if (meta.has("vocab_size") && meta.integer("vocab_size") != V) {
                throw bad("is inconsistent: vocab_size " + meta.integer("vocab_size") + " but the vocabulary lists " + V);
            }
            Depth depth = config.depth();
            if ((version >= STACKED_FORMAT_VERSION) == depth.isSingle()) {
                throw bad("is inconsistent: format " + version + " with " + depth.layers() + " layer(s) at batch size " + depth.batchSize()
                        + " (format 3 holds stacked or batched runs, formats 1 and 2 the others)");
            }
            List<String> names;
            int[][] shapes;
            if (depth.isSingle()) {
                names = parameterNames(cell);
                shapes = parameterShapes(cell, H, V);
            } else {
                List<Tensor> like = new DeepRnn(cell, V, H, depth.layers(), depth.dropout()).parameters();
                names = like.stream().map(t -> t.name).toList();
                shapes = like.stream().map(t -> new int[] {t.rows, t.cols}).toArray(int[][]::new);
            }
            List<Tensor> params = new ArrayList<>();
            List<Tensor> memory = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                params.add(array(name, name, shapes[i][0], shapes[i][1]));
            }
            Optimizer shapesOf = optimizerKind.create();
            shapesOf.initialise(params);
            List<String> stateNames = optimizerKind.stateNames(names);
            for (int i = 0; i < stateNames.size(); i++) {
                Tensor like = shapesOf.state().get(i);
                memory.add(array(stateNames.get(i), like.name, like.rows, like.cols));
            }
            if (optimizerKind == OptimizerKind.ADAM) {
                double t = memory.get(memory.size() - 1).data[0];
                if (!(t >= 0) || t != Math.rint(t) || t > 0x1p53) {
                    throw bad("has an invalid Adam step count " + t + " in " + Adam.STEP_NAME + ".npy");
                }
            }
            if (holdsSquaredGradients(optimizer)) {
                for (int i = 0; i < names.size(); i++) {
                    nonNegative(memory.get(i), optimizer);
                }
            }
            double[] hidden = depth.isSingle() ? singleState(cell, H) : stackedStates(cell, H, depth);
            long pointer = meta.integer("pointer");
            if (pointer < 0 || pointer > Integer.MAX_VALUE) {
                throw bad("has an invalid data pointer " + pointer);
            }
            long iteration = meta.integer("iteration");
            if (iteration < 0) {
                throw bad("has a negative iteration count");
            }
            long rngState;
            try {
                rngState = Long.parseUnsignedLong(meta.string("rng_state"));
            } catch (NumberFormatException e) {
                throw bad("has an invalid rng_state \"" + meta.string("rng_state") + "\"");
            }
            List<Sample> samples = new ArrayList<>();
            for (Object o : meta.list("samples")) {
                samples.add(sample(o, "samples[]."));
            }
            List<HistoryEntry> history = meta.has("history") ? history(meta, iteration, names, shapes) : List.of();
            double lr = meta.number("learning_rate");
            double temp = meta.number("temperature");
            if (!(lr > 0) || !Double.isFinite(lr) || !(temp > 0) || !Double.isFinite(temp)) {
                throw bad("has an invalid learning rate or temperature");
            }
            TrainerState state = new TrainerState(config, vocabulary, optimizer, params, memory, hidden,
                    (int) pointer, iteration, meta.number("smooth_loss"), meta.numberOrNaN("last_loss"),
                    meta.numberOrNaN("val_loss"), rngState, lr, temp, meta.integer("elapsed_nanos"), samples, history);
            Meta corp = meta.object("corpus");
            CorpusInfo corpus = new CorpusInfo(corp.string("name"), corp.string("sha256"), corp.integer("characters"));
            String savedAt = meta.has("saved_at") ? meta.string("saved_at") : "";
            return new Checkpoint(version, state, corpus, savedAt, outputs);
        }

        private Sample sample(Object o, String prefix) {
            if (!(o instanceof Map)) {
                throw bad("has an invalid sample entry");
            }
            @SuppressWarnings("unchecked")
            Meta s = new Meta((Map<String, Object>) o, prefix);
            return new Sample(s.integer("iteration"), s.number("smooth_loss"), s.number("temperature"), s.string("text"));
        }

        /**
         * The optional {@code history} key and its arrays: entries in increasing order of iteration, none after the
         * run's own, each with every parameter under the file's names and shapes.
         */
        private List<HistoryEntry> history(Meta meta, long runIteration, List<String> names, int[][] shapes) throws IOException {
            List<HistoryEntry> out = new ArrayList<>();
            long last = -1;
            for (Object o : meta.list("history")) {
                if (!(o instanceof Map)) {
                    throw bad("has an invalid history entry");
                }
                @SuppressWarnings("unchecked")
                Meta h = new Meta((Map<String, Object>) o, "history[].");
                long it = h.integer("iteration");
                if (it <= last || it > runIteration) {
                    throw bad("has a history entry of iteration " + it + " out of order (after " + last + ", the run at "
                            + runIteration + ")");
                }
                last = it;
                List<Tensor> params = new ArrayList<>(names.size());
                for (int i = 0; i < names.size(); i++) {
                    String entry = historyEntryName(it, names.get(i));
                    params.add(array(entry.substring(0, entry.length() - 4), names.get(i), shapes[i][0], shapes[i][1]));
                }
                Sample sample = h.has("sample") ? sample(h.m.get("sample"), "history[].sample.") : null;
                out.add(new HistoryEntry(it, params, h.number("smooth_loss"), h.numberOrNaN("val_loss"), sample));
            }
            return out;
        }

        /** Version 1 and 2's state: hprev, and for the LSTM cprev. */
        private double[] singleState(Cell cell, int H) throws IOException {
            double[] hidden = array("hprev", "hprev", H, 1).data;
            withinTanhRange(hidden, cell, "hprev");
            if (cell == Cell.LSTM) {
                hidden = Arrays.copyOf(hidden, 2 * H);
                System.arraycopy(array("cprev", "cprev", H, 1).data, 0, hidden, H, H);
            }
            return hidden;
        }

        /** Version 3's states: h_l<k> (and c_l<k>), B x H each, into B rows of L S entries. */
        private double[] stackedStates(Cell cell, int H, Depth d) throws IOException {
            int S = cell.stateSize(H);
            int B = d.batchSize();
            int L = d.layers();
            double[] states = new double[B * L * S];
            for (int k = 0; k < L; k++) {
                double[] h = array("h_l" + k, "h_l" + k, B, H).data;
                withinTanhRange(h, cell, "h_l" + k);
                double[] c = cell == Cell.LSTM ? array("c_l" + k, "c_l" + k, B, H).data : null;
                for (int b = 0; b < B; b++) {
                    System.arraycopy(h, b * H, states, (b * L + k) * S, H);
                    if (c != null) {
                        System.arraycopy(c, b * H, states, (b * L + k) * S + H, H);
                    }
                }
            }
            return states;
        }

        private Tensor array(String entry, String name, int rows, int cols) throws IOException {
            String e = entry + ".npy";
            byte[] bytes = entry(e, 8L * rows * cols + 65536);
            Tensor t;
            try {
                t = Npy.read(name, bytes);
            } catch (Npy.FormatException ex) {
                throw bad("has a bad entry " + e + ": it " + ex.getMessage());
            }
            if (t.rows != rows || t.cols != cols) {
                throw bad("has the wrong shape for " + name + ": " + t.rows + "x" + t.cols + ", expected " + rows + "x" + cols
                        + " (hidden size " + hiddenSize + " and " + vocabSize + " characters, from its metadata)");
            }
            int bad = firstNonFinite(t.data);
            if (bad >= 0) {
                throw bad("holds " + (Double.isNaN(t.data[bad]) ? "NaN" : "infinite") + " values in " + name
                        + " (first at row " + bad / t.cols + ", column " + bad % t.cols + "); a run that diverged cannot be loaded");
            }
            return t;
        }

        /**
         * Refuses a negative entry in a memory that sums squared gradients (Adagrad's; no run can
         * make one, so the file was damaged, and a resumed run would divide by its square root).
         */
        private void nonNegative(Tensor memory, String optimizer) {
            double[] d = memory.data;
            for (int k = 0; k < d.length; k++) {
                if (d[k] < 0) {
                    throw bad("holds a negative value in " + memory.name + " (" + d[k] + " at row " + k / memory.cols + ", column "
                            + k % memory.cols + "); " + optimizer + "'s memory is a sum of squared gradients, so the file is damaged");
                }
            }
        }

        /**
         * Refuses a carried hidden state {@code hprev} outside [-1, 1]: every cell's h is a tanh (the
         * LSTM's times a gate in [0, 1], the GRU's a mix of tanh and the previous h), so no run makes
         * one. The LSTM's cell state {@code cprev} has no such bound.
         */
        private void withinTanhRange(double[] h, Cell cell, String entry) {
            for (int k = 0; k < h.length; k++) {
                if (!(Math.abs(h[k]) <= 1)) {
                    throw bad("holds " + h[k] + " in " + entry + " (row " + k + "); the " + cell.cliName()
                            + " cell's hidden state lies between -1 and 1, so the file is damaged");
                }
            }
        }

        /** Typed access to a metadata object with messages that name the key. */
        private final class Meta {
            private final Map<String, Object> m;
            private final String prefix;

            Meta(Map<String, Object> m, String prefix) {
                this.m = m;
                this.prefix = prefix;
            }

            boolean has(String key) {
                return m.get(key) != null;
            }

            private Object get(String key) {
                if (!m.containsKey(key)) {
                    throw bad("is incomplete: " + METADATA_ENTRY + " lacks the key " + prefix + key);
                }
                return m.get(key);
            }

            private BadInputException wrongType(String key, String expected) {
                return bad("has an invalid " + METADATA_ENTRY + ": " + prefix + key + " should be " + expected);
            }

            String string(String key) {
                if (get(key) instanceof String s) {
                    return s;
                }
                throw wrongType(key, "a string");
            }

            long integer(String key) {
                if (get(key) instanceof Long l) {
                    return l;
                }
                throw wrongType(key, "an integer");
            }

            double number(String key) {
                Object v = get(key);
                if (v instanceof Number n) {
                    return n.doubleValue();
                }
                throw wrongType(key, "a number");
            }

            double numberOrNaN(String key) {
                Object v = get(key);
                if (v == null) {
                    return Double.NaN;
                }
                if (v instanceof Number n) {
                    return n.doubleValue();
                }
                throw wrongType(key, "a number or null");
            }

            @SuppressWarnings("unchecked")
            List<Object> list(String key) {
                if (get(key) instanceof List<?> l) {
                    return (List<Object>) l;
                }
                throw wrongType(key, "a list");
            }

            @SuppressWarnings("unchecked")
            Meta object(String key) {
                if (get(key) instanceof Map<?, ?> o) {
                    return new Meta((Map<String, Object>) o, prefix + key + ".");
                }
                throw wrongType(key, "an object");
            }
        }
    }
}
