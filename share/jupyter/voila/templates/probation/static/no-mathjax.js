/* A stand-in for MathJax 2, which the briefings never use (they have no mathematics). Voila's front end
   otherwise loads MathJax 3 (about 180 kB compressed, in some 15 files) only to typeset an empty element. The
   server points Voila's MathJax 2 setting here (probation_briefing.server.pages), and this answers its calls. */
window.MathJax = {
  Hub: { Config: function () {}, Configured: function () {}, Queue: function () {}, Register: { StartupHook: function () {} }, config: {} },
  Ajax: {},
  InputJax: { TeX: { resetEquationNumbers: function () {} } },
};
