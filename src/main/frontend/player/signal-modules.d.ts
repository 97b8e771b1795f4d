// uPlot's stylesheet is imported for its side effect (Vite injects it); TypeScript only needs to know it exists.
declare module 'uplot/dist/uPlot.min.css';
