"""An attacker on the published participant figures, written apart from the suppressor.

It knows what a reader of the published reports knows: the JSON and the Excel files a role
may download, and what their figures mean (a total is the sum of its parts, the year the sum
of its halves, whoever was active in the year was active in its first half or started in the
second ...). From those equations alone it asks an integer program for the least and the
greatest value each hidden cell can take. It imports nothing of Samsyn's suppression or
publication code, so it cannot share that code's blind spots.

- `cells.py`: the published views as cells (labelled counts) and the equations between them;
- `solve.py`: the feasible interval of each hidden cell (scipy.optimize.milp, HiGHS);
- `fetch.py`: every view a role may ask for, through the Django test client;
- `worlds.py`: generated registers to attack.
"""
