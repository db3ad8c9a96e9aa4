// Cucumber's HTML report as a command: Cucumber Messages (NDJSON) on standard input, one
// self-contained HTML page on standard output.
//
//   node tests/clients/cucumber/cucumber-html-formatter.mjs < messages.ndjson > cucumber.html
//
// @cucumber/html-formatter has shipped no command of its own since version 19: Cucumber's
// runners pipe the messages through its CucumberHtmlStream, and so does this.
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CucumberHtmlStream } from "@cucumber/html-formatter";

async function* envelopes(input) {
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim()) {
      yield JSON.parse(line);
    }
  }
}

await pipeline(Readable.from(envelopes(process.stdin)), new CucumberHtmlStream(), process.stdout);
