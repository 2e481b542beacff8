// Cocreate's small script: htmx does the rest. Kept free of inline handlers for the Content-Security-Policy.
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  alert(status === 403 ? document.documentElement.lang === "es" ? "Su rol no permite esta acción." : "Your role does not allow this." :
        document.documentElement.lang === "es" ? "Algo falló. Inténtelo de nuevo." : "Something went wrong. Please try again.");
});
