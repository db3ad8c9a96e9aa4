// A partner application protected by http-cas-client, an independent CAS 3.0 client from the
// npm registry. The tests serve it on 127.0.0.1, register it with the mock and drive it with
// a browser: sign-in through EU Login, then single logout.
const http = require("http");
const httpCasClient = require("http-cas-client");

const casServer = process.env.CAS_SERVER;
const port = Number(process.env.PORT);
const serverName = `http://127.0.0.1:${port}`;

const handler = httpCasClient({
  cas: 3,
  casServerUrlPrefix: casServer,
  serverName,
  client: { slo: true },
});

function escape(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

http
  .createServer(async (req, res) => {
    try {
      if (!(await handler(req, res))) {
        return res.end();
      }
    } catch (error) {
      res.statusCode = 502;
      return res.end(`CAS validation failed: ${escape(error.message)}`);
    }
    if (!req.principal) {
      // What the client lets through unauthenticated (the favicon, say): nothing here.
      res.statusCode = 404;
      return res.end();
    }
    const { user, attributes } = req.principal;
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.end(
      `<!doctype html><html lang="en"><head><title>Partner application</title></head>` +
        `<body><main><h1>Signed in as ${escape(user)}</h1>` +
        `<p id="email">${escape(attributes && attributes.email)}</p></main></body></html>`,
    );
  })
  .listen(port, "127.0.0.1", () => console.log(`partner application on ${serverName}`));
