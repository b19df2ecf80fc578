#!/usr/bin/env python3
"""nanoGPT's own train.py, unmodified, with a hard wall-time budget and a copy of each checkpoint it saves.

For Unroll's time-to-quality harness (src/bench/time_to_quality.py). train.py runs as nanoGPT's README
runs it (`python train.py config/train_shakespeare_char.py --device=cpu ...`), from NANOGPT_DIR, with
the arguments given after SECONDS. Two things are added from outside, without touching its code:
  * each time train.py saves ckpt.pt (only when its own validation estimate improves, as
    always_save_checkpoint=False in its Shakespeare config), the model's weights are also saved as
    OUT_DIR/snap-<iter>.pt with the wall time since this script started train.py, for the curve;
  * at SECONDS of wall time the run is stopped if it has not ended: at its next gradient clipping
    (a point between two steps, where the weights are whole), the weights are saved as
    OUT_DIR/snap-deadline.pt and the run ends (a hard stop follows 30 s later if no clipping comes).
    The iteration count should be chosen so that the run ends just before (the driver measures
    nanoGPT's speed first), as its cosine schedule needs the count in advance.
Prints one JSON line: wall seconds, whether the deadline stopped it, torch threads.
Usage: nanogpt_run.py NANOGPT_DIR OUT_DIR SECONDS [train.py arguments...]   (a python with torch)
"""
import json, os, runpy, signal, sys, time
import torch


class Deadline(Exception):
    pass


def main():
    ng, out, seconds = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), float(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    original_save = torch.save
    t0 = time.perf_counter()
    log = open(os.path.join(out, "snapshots.csv"), "w")
    log.write("wall_s,iter,own_val_estimate,file\n")

    def save(obj, f, *args, **kwargs):
        original_save(obj, f, *args, **kwargs)
        if isinstance(obj, dict) and "iter_num" in obj and "model" in obj:
            wall = time.perf_counter() - t0
            name = f"snap-{obj['iter_num']:07d}.pt"
            original_save({"model": obj["model"], "model_args": obj["model_args"], "iter_num": obj["iter_num"],
                           "best_val_loss": float(obj["best_val_loss"]), "wall_s": wall}, os.path.join(out, name))
            log.write(f"{wall:.2f},{obj['iter_num']},{float(obj['best_val_loss']):.4f},{name}\n")
            log.flush()

    expired = []
    original_clip = torch.nn.utils.clip_grad_norm_

    def clip(*args, **kwargs):
        if expired:
            g = sys._getframe(1).f_globals          # train.py's globals: the model and the iteration
            if "raw_model" in g:
                original_save({"model": g["raw_model"].state_dict(), "model_args": g["model_args"], "iter_num": g["iter_num"],
                               "best_val_loss": float("nan"), "wall_s": seconds, "at_deadline": True},
                              os.path.join(out, "snap-deadline.pt"))
                log.write(f"{seconds:.2f},{g['iter_num']},,snap-deadline.pt\n")
            raise Deadline()
        return original_clip(*args, **kwargs)

    def alarm(signum, frame):
        if expired:
            raise Deadline()
        expired.append(time.perf_counter())
        signal.setitimer(signal.ITIMER_REAL, 30)

    torch.save = save
    torch.nn.utils.clip_grad_norm_ = clip
    signal.signal(signal.SIGALRM, alarm)
    os.chdir(ng)
    sys.path.insert(0, ng)
    sys.argv = ["train.py"] + sys.argv[4:]
    stopped = False
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        runpy.run_path(os.path.join(ng, "train.py"), run_name="__main__")
    except Deadline:
        stopped = True
    signal.setitimer(signal.ITIMER_REAL, 0)
    wall = time.perf_counter() - t0
    log.close()
    print(json.dumps({"impl": "nanogpt", "wall_s": round(wall, 1), "stopped_by_deadline": stopped,
                      "threads": torch.get_num_threads(), "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()
