#!/usr/bin/env python3
"""Bar chart of bench/run.py's results.json: CPU time and peak RSS per tool,
as multiples of the `clang -fsyntax-only` floor, one group per corpus.

    python3 bench/plot.py build/bench/results.json build/bench/results.png
"""

import json
import sys

ORDER = [("floor", "clang -fsyntax-only"), ("leakhound", "leakhound -j1"),
         ("plugin", "clang-tidy + plugin"),
         ("analyzer", "clang-analyzer leak checks"),
         ("cppcheck", "cppcheck")]


def main(results_path, png_path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with open(results_path) as f:
        res = json.load(f)
    names = list(res["corpora"])
    tools = [(k, lbl) for k, lbl in ORDER
             if any(k in res["corpora"][n]["tools"] for n in names)]
    fig, axes = plt.subplots(1, 2, figsize=(13, 5))
    width = 0.8 / max(1, len(tools))
    for ax, key, title in ((axes[0], "cpu", "CPU time (user+sys) / floor"),
                           (axes[1], "anon_kb", "peak private memory (RssAnon) / floor")):
        for i, (tool, label) in enumerate(tools):
            xs, ys = [], []
            for j, n in enumerate(names):
                t = res["corpora"][n]["tools"]
                if tool in t and "floor" in t and t["floor"]["median"][key]:
                    xs.append(j + (i - (len(tools) - 1) / 2) * width)
                    ys.append(t[tool]["median"][key] / t["floor"]["median"][key])
            bars = ax.bar(xs, ys, width, label=label)
            ax.bar_label(bars, fmt="%.2f", fontsize=7, rotation=90, padding=2)
        ax.axhline(1.3, color="red", linestyle="--", linewidth=1)
        ax.text(len(names) - 0.5, 1.3, " target 1.3x", color="red",
                va="bottom", ha="right", fontsize=8)
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels(names)
        ax.set_title(title)
        if key == "cpu":
            ax.set_yscale("log")
            ax.set_ylabel("x floor (log scale)")
        else:
            ax.set_ylabel("x floor")
        ax.margins(y=0.25)
    axes[0].legend(fontsize=8, loc="upper left")
    m = res["machine"]
    fig.suptitle(f"leakhound benchmark {res['date']} ({m.get('cpu', '?')}, "
                 f"{m['nproc']} cores; median of {res['runs']} run(s))",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(png_path, dpi=110)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
