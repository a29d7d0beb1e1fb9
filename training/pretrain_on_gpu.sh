#!/usr/bin/env bash
# Continue govbert-mini's pre-training on a GPU machine that has torch and transformers
# but neither jieba, datasets nor the corpus (the lent device of this workplace).
#
# Here, first:  python training/pretrain_mlm.py --out models/govbert-mini --export-npz .gpu/packed.npz
#               (and the starting weights in .gpu/init; fp16 is fine, they are cast back to fp32)
# There:        bash training/pretrain_on_gpu.sh .gpu/packed.npz .gpu/init OUT SECONDS
#
# A short calibration run measures steps/s, so that the linear schedule is laid out for the
# steps that fit in SECONDS (a schedule cut by the time budget would never decay its lr).
set -euo pipefail
DATA=$1 INIT=$2 OUT=$3 SECONDS_BUDGET=$4
BATCH=${BATCH:-256} LR=${LR:-5e-4} CAL_STEPS=${CAL_STEPS:-300}
export SECONDS_BUDGET CAL_STEPS
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1
COMMON=(--packed-npz "$DATA" --vocab "$INIT" --batch-size "$BATCH" --threads 8 --dataloader-workers 6)

python3 training/pretrain_mlm.py --out /tmp/calibrate --work-dir /tmp/calibrate-work "${COMMON[@]}" \
    --init-from "$INIT" --max-steps "$CAL_STEPS" --save-steps 100000 --lr "$LR" > /tmp/calibrate.log 2>&1 \
    || { cat /tmp/calibrate.log; exit 1; }
STEPS=$(python3 - <<'EOF'
import json, os
r = json.load(open("/tmp/calibrate/pretraining_report.json"))
rate = r["steps"] / max(r["train_seconds_this_run"], 1)
print(max(int(os.environ["CAL_STEPS"]), int(rate * float(os.environ["SECONDS_BUDGET"]))))
EOF
)
echo "calibration: $(grep -o '"train_seconds_this_run": [0-9]*' /tmp/calibrate/pretraining_report.json) for $CAL_STEPS steps -> $STEPS steps"

python3 training/pretrain_mlm.py --out "$OUT/govbert" --work-dir /tmp/work "${COMMON[@]}" \
    --init-from "$INIT" --max-steps "$STEPS" --save-steps 100000 --lr "$LR" \
    --time-budget "$((SECONDS_BUDGET + 60))"
