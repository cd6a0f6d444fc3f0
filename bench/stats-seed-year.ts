/** The year `npm run seed:large` fills most (8,000 of its 10,000 projects), and the bench asks about. */
export const seedYear = 2026;
