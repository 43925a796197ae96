/** Runs once before all tests: unit tests never touch the network. */
export default function globalSetup(): void {
  process.env.TZ = 'UTC';
}
