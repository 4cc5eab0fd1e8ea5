// A minimal valid plant file for the plant tests; each test breaks one thing.
export const MINI_PLANT = `schemaVersion: 1
id: mini
name: Mini line
site: { id: S, name: Site }
area: { id: A, name: Area }
line: { id: L, name: Line }
workCells:
  - { id: WC1, name: Cell 1 }
stations:
  - id: ST1
    name: Feed
    kind: feeding
    workCell: WC1
    cycleTimeS: 40
    energy: { offKW: 0.1, idleKW: 0.5, producingKW: 1.5, failedKW: 0.2 }
  - id: ST2
    name: Press
    kind: pressing
    workCell: WC1
    cycleTimeS: "0.9 min"
    energy: { offKW: 0.1, idleKW: "800 W", producingKW: 4, failedKW: 0.2 }
  - id: ST3
    name: Test
    kind: test
    workCell: WC1
    cycleTimeS: 45 s
    energy: { offKW: 0.1, idleKW: 0.5, producingKW: 1.5, failedKW: 0.2 }
buffers:
  - { id: B1, from: ST1, to: ST2, capacity: 3 }
materials:
  - { id: M1, name: Housing, initialStock: 100 }
products:
  - id: P
    name: Product
    variants:
      - { id: A, name: Variant A, routing: R1, bom: BOM1 }
routings:
  - id: R1
    steps:
      - { id: s1, station: ST1 }
      - { id: s2, station: ST2, after: [s1] }
      - { id: s3, station: ST3, after: [s2] }
boms:
  - id: BOM1
    items:
      - { material: M1, quantity: 1, station: ST1 }
orders:
  - { id: O1, product: P, variant: A, quantity: 10, dueInH: 8 }
shiftCalendar:
  workingDays: [1, 2, 3, 4, 5]
  shifts:
    - { id: early, name: Early, start: "06:00", end: "14:00" }
    - { id: late, name: Late, start: "14:00", end: "22:00" }
    - { id: night, name: Night, start: "22:00", end: "06:00" }
workers:
  - { id: W1, name: Anna, shift: early, qualifications: [press] }
suppliers:
  - id: SUP1
    name: Supplier
    deliveries:
      - { at: "07:00", material: M1, quantity: 50 }
`;
