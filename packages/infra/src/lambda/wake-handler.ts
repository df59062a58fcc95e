// Placeholder until the wake handler is wired (see README "Deploy to AWS" status).
export const handler = async (): Promise<never> => {
  throw new Error("drso wake handler is not wired yet");
};
