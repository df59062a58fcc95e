// Placeholder until the tick handler is wired (see README "Deploy to AWS" status).
export const handler = async (): Promise<never> => {
  throw new Error("drso tick handler is not wired yet");
};
