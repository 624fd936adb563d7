const { startServer } = await import('../packages/server/src/main.ts');
const server = await startServer({ port: 0, dataDir: process.argv[2] as string, role: 'all', logLevel: 'warn', env: {} });
process.stdout.write(`${server.url}\n`);
process.on('SIGINT', async () => {
  await server.close();
  process.exit(0);
});
