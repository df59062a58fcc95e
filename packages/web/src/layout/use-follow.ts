import { useNavigate } from "react-router-dom";

/** Cloudscape links are real anchors (so they open in new tabs); a plain click routes in-app instead. */
export const useFollow = () => {
  const navigate = useNavigate();
  return (href: string) => (e: CustomEvent) => {
    e.preventDefault();
    navigate(href);
  };
};
