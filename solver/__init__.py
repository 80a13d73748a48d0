"""The CP-SAT models: the quarter's standing calendar (`solver.plan`) and the responders on its
seats (`solver.staffing`), with what both share (`cpsat`: objective terms and the solver set-up;
`interrupt`: Ctrl-C stops a running solve at once).

Imports `rota.domain` only (checked by `lint-imports`): the use cases in `rota.app` turn files
and the store into the domain objects a model reads, and its answer back."""
