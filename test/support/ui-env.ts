// Imported before Ink: Ink decides at load time whether it runs in CI, and under CI=true it
// renders only the last frame, so frames could never be waited for.
delete process.env['CI'];
delete process.env['CONTINUOUS_INTEGRATION'];
