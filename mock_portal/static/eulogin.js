// EU Login's pages: the gear menu, and the pages that wait for the EU Login Mobile App.
document.querySelectorAll(".gear").forEach((gear) => {
  gear.addEventListener("click", () => {
    const open = gear.getAttribute("aria-expanded") === "true";
    gear.setAttribute("aria-expanded", String(!open));
  });
});

// A page waiting for the app asks where things stand every second (data-poll-ms), and sends
// its form (which shows what happened) as soon as they are no longer "waiting": the user never
// reloads.
document.querySelectorAll("form[data-state-url]").forEach((form) => {
  const every = Number(form.dataset.pollMs) || 1000;
  const ask = async () => {
    try {
      const answer = await fetch(form.dataset.stateUrl, {credentials: "same-origin", cache: "no-store"});
      const {state} = await answer.json();
      if (state !== "waiting") { form.submit(); return; }
    } catch (error) {
      // The network or the server hiccuped: ask again at the next tick.
    }
    setTimeout(ask, every);
  };
  setTimeout(ask, every);
});
