package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static dev.unroll.cli.PlannedSweeps.sweep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.unroll.cli.CliTestSupport.Result;
import dev.unroll.cli.PlannedSweeps.Outcome;
import dev.unroll.engine.sweep.SweepPlan;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26: a planned sweep submitted to a real SLURM cluster of one node, started here from
 * Debian's slurm-wlm (munged, slurmctld and slurmd on this machine, as root, with their state in a
 * temporary folder and on free ports), collected and compared with a local sweep of the same grid.
 * It skips, saying why, where slurm-wlm is not installed or the test does not run as root.
 *
 * <p>Run it with {@code apt-get install slurm-wlm} (which brings munge and its key), then
 * {@code mvn -B test -Dtest=SlurmSweepTest}.
 */
class SlurmSweepTest {
    private static final Path MUNGE_KEY = Path.of("/etc/munge/munge.key");

    @TempDir
    Path dir;

    private final List<Process> daemons = new ArrayList<>();

    @AfterEach
    void stopTheCluster() throws InterruptedException {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            Process p = daemons.get(i);
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    @Timeout(600)
    void aPlanSubmittedWithSbatchToAOneNodeClusterCollectsWhatALocalSweepWrites() throws Exception {
        for (String program : List.of("munged", "slurmctld", "slurmd", "sbatch", "sinfo")) {
            Assumptions.assumeTrue(PlannedSweeps.onPath(program), "slurm-wlm is not installed (no " + program
                    + "): apt-get install slurm-wlm to run this test");
        }
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "slurmd starts jobs only when it runs as root");
        Assumptions.assumeTrue(Files.isReadable(MUNGE_KEY), MUNGE_KEY + " is not readable (munge installs it)");

        Path cluster = Files.createDirectories(dir.resolve("cluster"));
        Path conf = startCluster(cluster);
        Map<String, String> env = Map.of("SLURM_CONF", conf.toString());

        Path corpus = PlannedSweeps.corpus(dir);
        Path local = dir.resolve("local").resolve("grid");
        Result l = run(sweep("--corpus-file", corpus.toString(), "--output-dir", local.toString(), "--parallel", "2", "--quiet"));
        assertEquals(0, l.status(), l.err());
        Path planned = dir.resolve("slurm").resolve("grid");
        Result p = run(sweep("--plan", planned.toString(), "--corpus-file", corpus.toString(), "--launcher", PlannedSweeps.launcher()));
        assertEquals(0, p.status(), p.err());

        Outcome submitted = PlannedSweeps.exec(dir, null, env, 480, "sbatch", "--wait", "--parsable", planned.resolve(SweepPlan.SLURM).toString());
        String logs = logs(planned);
        assertEquals(0, submitted.status(), "sbatch: " + submitted.out() + submitted.err() + "\ntask logs:\n" + logs);
        System.out.println("SlurmSweepTest: sbatch --wait printed job " + submitted.out().strip() + "; task logs:\n" + logs);

        Result c = run("sweep", "--collect", planned.toString());
        System.out.println("SlurmSweepTest: sweep --collect printed: " + c.out() + c.err());
        assertEquals(0, c.status(), c.err());
        PlannedSweeps.assertSameResults(local, planned);
    }

    /** Starts munged, slurmctld and slurmd with everything under {@code d}; returns slurm.conf once the node is idle. */
    private Path startCluster(Path d) throws IOException, InterruptedException {
        Path socket = d.resolve("munge.socket");
        daemons.add(start(d, "munged.out", Map.of(), "munged", "--foreground", "--force", "--socket=" + socket,
                "--key-file=" + MUNGE_KEY, "--log-file=" + d.resolve("munged.log"), "--pid-file=" + d.resolve("munged.pid"),
                "--seed-file=" + d.resolve("munged.seed")));
        PlannedSweeps.await("munged's socket", 30, () -> Files.exists(socket));
        String host = PlannedSweeps.exec(d, null, Map.of(), 30, "hostname", "-s").out().strip();
        Files.createDirectories(d.resolve("state"));
        Files.createDirectories(d.resolve("spool"));
        Path conf = Files.writeString(d.resolve("slurm.conf"), String.join("\n",
                "ClusterName=unrolltest",
                "SlurmctldHost=" + host,
                "SlurmUser=root",
                "SlurmdUser=root",
                "AuthType=auth/munge",
                "AuthInfo=socket=" + socket,
                "CredType=cred/munge",
                "StateSaveLocation=" + d.resolve("state"),
                "SlurmdSpoolDir=" + d.resolve("spool"),
                "SlurmctldPidFile=" + d.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + d.resolve("slurmd.pid"),
                "SlurmctldPort=" + freePort(),
                "SlurmdPort=" + freePort(),
                "SlurmctldLogFile=" + d.resolve("slurmctld.log"),
                "SlurmdLogFile=" + d.resolve("slurmd.log"),
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_Core_Memory",
                "SchedulerType=sched/builtin",
                "ReturnToService=2",
                "MpiDefault=none",
                "JobAcctGatherType=jobacct_gather/none",
                "AccountingStorageType=accounting_storage/none",
                "NodeName=" + host + " CPUs=" + Runtime.getRuntime().availableProcessors() + " RealMemory=4000 State=UNKNOWN",
                "PartitionName=test Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP", ""));
        Map<String, String> env = Map.of("SLURM_CONF", conf.toString());
        daemons.add(start(d, "slurmctld.out", env, "slurmctld", "-D", "-f", conf.toString()));
        daemons.add(start(d, "slurmd.out", env, "slurmd", "-D", "-f", conf.toString()));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String state = "";
        while (!state.equals("idle")) {
            if (System.nanoTime() > end) {
                fail("the one-node cluster did not come up (sinfo says '" + state + "'); slurmctld.log:\n"
                        + tail(d.resolve("slurmctld.log")) + "\nslurmd.log:\n" + tail(d.resolve("slurmd.log")));
            }
            Thread.sleep(200);
            state = PlannedSweeps.exec(d, null, env, 30, "sinfo", "-h", "-o", "%t").out().strip();
        }
        return conf;
    }

    private static Process start(Path d, String log, Map<String, String> env, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(d.resolve(log).toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String logs(Path planned) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(planned.resolve(SweepPlan.LOGS))) {
            for (Path f : files.sorted().toList()) {
                sb.append("== ").append(f.getFileName()).append('\n').append(Files.readString(f));
            }
        }
        return sb.toString();
    }

    private static String tail(Path f) throws IOException {
        if (!Files.exists(f)) {
            return "(none)";
        }
        List<String> lines = Files.readAllLines(f);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
