// The error summary of a submitted form (templates/includes/form_errors.html) takes focus when
// the page loads, so a screen reader reads the errors first; its links move focus to the field
// and keep the field's label in view (GOV.UK error summary).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    const field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    const label = document.querySelector(`label[for="${field.id}"]`) || field.closest("fieldset");
    (label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
});
