/** A page of results, as every list endpoint returns it. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}
