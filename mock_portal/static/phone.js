// The app's home screen shows a new authentication request as soon as EU Login sends it, as a
// phone's notification would: it asks every two seconds (data-poll-ms), and redraws when the list changed.
document.querySelectorAll("[data-requests-url]").forEach((list) => {
  const every = Number(list.dataset.pollMs) || 2000;
  const shown = list.dataset.requests;
  const ask = async () => {
    try {
      const answer = await fetch(list.dataset.requestsUrl, {credentials: "same-origin", cache: "no-store"});
      const {requests} = await answer.json();
      if (requests.join(" ") !== shown) { location.reload(); return; }
    } catch (error) {
      // No network for a moment: ask again at the next tick.
    }
    setTimeout(ask, every);
  };
  setTimeout(ask, every);
});
