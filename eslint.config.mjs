// `npm run lint`. Type-checking is `npm run typecheck`; this catches what tsc does not.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "src/generated/", "client/generated/", "coverage/", "**/*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "no-console": ["error", { allow: ["warn", "error"] }],
      eqeqeq: ["error", "always"],
    },
  },
  {
    // Resolvers reach data only through services (rules, transactions) and per-request
    // DataLoaders (batching): a resolver importing the database is an N+1 waiting to happen.
    files: ["src/**/*.resolver.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "**/db/*",
                "**/generated/prisma/client",
                "**/generated/prisma/models*",
                "@prisma/*",
                "pg",
              ],
              message: "Resolvers use ctx.loaders and ctx.services, never the database.",
            },
          ],
        },
      ],
    },
  },
  {
    // Command-line tools talk to a person on stdout.
    files: ["src/**/cli/**/*.ts", "bench/**/*.ts", "client/examples/**/*.ts"],
    rules: { "no-console": "off" },
  },
  {
    // Build scripts run in Node and report on stdout.
    files: ["**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    rules: { "no-console": "off" },
  },
);
