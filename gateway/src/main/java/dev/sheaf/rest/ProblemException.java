package dev.sheaf.rest;

/** Stops handling a request that cannot be served; the problem is what the client gets. */
final class ProblemException extends RuntimeException {

  private final transient Problem problem;

  ProblemException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  Problem problem() {
    return problem;
  }
}
