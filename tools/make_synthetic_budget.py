"""Writes the synthetic population and payments used by the budget examples.

Deterministic (seeded); everything it writes is SYNTHETIC — no real person.

    python3 tools/make_synthetic_budget.py                         # the bundled 400 persons, in data/budget
    python3 tools/make_synthetic_budget.py --persons 52000 --out-dir DIR   # the demo's district-sized set
"""
import argparse
import csv
import pathlib
import random

COMMUNES = ["03390", "03405", "03430", "03424", "03394"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=400)
    ap.add_argument("--out-dir", type=pathlib.Path, default=pathlib.Path(__file__).parents[1] / "data" / "budget")
    args = ap.parse_args()
    out = args.out_dir
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2025)
    people = []
    width = max(4, len(str(args.persons - 1)))
    for i in range(args.persons):
        sex = "F" if rng.random() < 0.6 else "M"
        pregnant = sex == "F" and rng.random() < 0.35
        delivery = rng.choice(["normal", "normal", "caesarean", "home", "none"]) if pregnant else "none"
        people.append({
            "id": f"s{i:0{width}d}",
            "sex": sex,
            "ethnicity": 1 if rng.random() < 0.12 else rng.randint(2, 54),
            "pregnant": "true" if pregnant else "false",
            "anc_visits": rng.randint(0, 6) if pregnant else 0,
            "delivery": delivery,
            "commune_region": rng.choice([1, 2, 3, 3]),
            "village_especially_difficult": "true" if rng.random() < 0.5 else "false",
            "commune": rng.choice(COMMUNES),
        })
    with open(out / "tam-duong-2025-population-synthetic.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(people[0]))
        w.writeheader()
        w.writerows(people)

    payments = []
    n = 0

    def pay(person: str, package: str, date: str, amount: int, episode: str) -> None:
        nonlocal n
        n += 1
        payments.append({"payment_id": f"SYN-{n:04d}", "person_id": person, "package": package,
                         "date": date, "amount": amount, "episode_id": episode})

    def eligible(p: dict) -> bool:
        return (p["sex"] == "F" and p["ethnicity"] != 1 and p["pregnant"] == "true"
                and (p["village_especially_difficult"] == "true" or p["commune_region"] == 3))

    for p in people:
        if not eligible(p):
            continue
        episode = "preg-" + p["id"]
        visits = min(int(p["anc_visits"]), 4)
        for v in range(visits):
            pay(p["id"], "anc_travel", f"2025-{3 + 2 * v:02d}-15", 100000, episode)
        if p["delivery"] in ("normal", "caesarean") and rng.random() < 0.7:
            amount = 2400000 if p["delivery"] == "caesarean" else 2200000
            pay(p["id"], "delivery_support", "2025-10-20", amount, "birth-" + p["id"])
    # Deliberate anomalies, so the audit has something to find.
    not_eligible = [p for p in people if p["sex"] == "F" and not eligible(p)]
    for p in rng.sample(not_eligible, 6):
        pay(p["id"], "anc_travel", "2025-11-10", 100000, "preg-" + p["id"])
    pay("s9999", "anc_travel", "2025-06-01", 100000, "preg-x")
    dup = payments[3]
    pay(dup["person_id"], dup["package"], dup["date"], dup["amount"], dup["episode_id"])
    pay(payments[0]["person_id"], "anc_travel", "2025-06-20", 500000, payments[0]["episode_id"])
    pay(payments[1]["person_id"], "delivery_support", "2026-01-10", 2200000, "birth-late")
    with open(out / "tam-duong-2025-payments-synthetic.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(payments[0]))
        w.writeheader()
        w.writerows(payments)


if __name__ == "__main__":
    main()
